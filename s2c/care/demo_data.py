"""Reference and demo data of Sumsel Care: the categories with the agencies (OPD) that
answer them (codes are ``slugify(short_name)`` of core's agencies.csv), and realistic
report texts for the demo reports."""

from __future__ import annotations

# code, name, English name, group, keywords (the words citizens use, Indonesian then
# English), agency code, related agency codes,
# (verify, followup, resolve, reopen, escalation) days, attributes
# Categories whose reports need a photo or document (Category.requires_evidence): damage
# an officer must see before going out.
REQUIRES_EVIDENCE = {"jalan-rusak", "jembatan"}

CATEGORIES = [
    (
        "jalan-rusak",
        "Jalan rusak atau berlubang",
        "Damaged or potholed road",
        "Infrastruktur",
        "jalan, lubang, aspal, berlubang, rusak, jalan provinsi, "
        "road, pothole, asphalt, potholed, damaged, provincial road",
        "pu-bmtr",
        [],
        (3, 5, 20, 10, 2),
        [
            (
                "ukuran",
                "singlevaluelist",
                True,
                "Seberapa besar kerusakannya?",
                [
                    ("kecil", "Kecil (kurang dari 30 cm)"),
                    ("sedang", "Sedang (30 cm – 1 m)"),
                    ("besar", "Besar (lebih dari 1 m atau seluruh lajur)"),
                ],
            ),
            (
                "bahaya",
                "singlevaluelist",
                False,
                "Apakah membahayakan pengendara?",
                [("ya", "Ya"), ("tidak", "Tidak")],
            ),
        ],
    ),
    (
        "jembatan",
        "Jembatan rusak",
        "Damaged bridge",
        "Infrastruktur",
        "jembatan, ambruk, retak, pagar jembatan, bridge, collapsed, cracked, bridge railing",
        "pu-bmtr",
        ["bpbd"],
        (3, 5, 30, 10, 2),
        [],
    ),
    (
        "drainase-banjir",
        "Saluran air, irigasi dan banjir",
        "Drains, irrigation and flooding",
        "Infrastruktur",
        "banjir, drainase, got, irigasi, sungai, genangan, "
        "flood, drainage, drain, gutter, irrigation, river, standing water",
        "pu-psda",
        ["bpbd"],
        (3, 5, 20, 10, 2),
        [],
    ),
    (
        "rumah-sakit",
        "Pelayanan rumah sakit daerah",
        "Provincial hospital services",
        "Kesehatan",
        "rumah sakit, rsud, antrean, dokter, bpjs, rawat inap, hospital, queue, doctor, inpatient",
        "rsud-siti-fatimah",
        ["dinkes"],
        (2, 3, 10, 10, 1),
        [],
    ),
    (
        "layanan-kesehatan",
        "Layanan kesehatan dan puskesmas",
        "Health services and clinics",
        "Kesehatan",
        "puskesmas, obat, vaksin, posyandu, kesehatan, ambulans, "
        "community health centre, medicine, vaccine, health post, health, ambulance",
        "dinkes",
        [],
        (3, 5, 14, 10, 2),
        [],
    ),
    (
        "kesehatan-jiwa",
        "Layanan kesehatan jiwa",
        "Mental health services",
        "Kesehatan",
        "kesehatan jiwa, odgj, psikiater, ernaldi bahar, mental health, psychiatrist",
        "rs-ernaldi-bahar",
        ["dinsos"],
        (2, 3, 10, 10, 1),
        [],
    ),
    (
        "pajak-kendaraan",
        "Pajak kendaraan dan Samsat",
        "Vehicle tax and Samsat",
        "Pendapatan",
        "samsat, pajak kendaraan, stnk, pkb, bbnkb, plat nomor, e-samsat, "
        "vehicle tax, vehicle registration, number plate",
        "bapenda",
        [],
        (3, 5, 10, 10, 2),
        [("kantor", "string", False, "Kantor Samsat mana?", [])],
    ),
    (
        "sekolah",
        "SMA, SMK dan SLB",
        "Senior high and special schools",
        "Pendidikan",
        "sekolah, sma, smk, slb, guru, ppdb, zonasi, pungutan, "
        "school, senior high school, vocational school, special school, teacher, "
        "admission, zoning, levy",
        "disdik",
        [],
        (3, 5, 20, 10, 2),
        [("sekolah", "string", False, "Nama sekolah", [])],
    ),
    (
        "perizinan",
        "Perizinan dan investasi",
        "Permits and investment",
        "Perizinan",
        "izin, perizinan, oss, nib, investasi, ptsp, "
        "permit, licence, license, licensing, investment",
        "dpmptsp",
        [],
        (3, 5, 14, 10, 2),
        [],
    ),
    (
        "angkutan-umum",
        "Angkutan umum dan lalu lintas",
        "Public transport and traffic",
        "Perhubungan",
        "angkutan, bus, lrt, terminal, lampu lalu lintas, parkir, dishub, "
        "public transport, traffic light, parking",
        "dishub",
        [],
        (3, 5, 14, 10, 2),
        [],
    ),
    (
        "lingkungan",
        "Pencemaran dan sampah",
        "Pollution and waste",
        "Lingkungan",
        "sampah, limbah, pencemaran, asap, bau, sungai tercemar, "
        "garbage, rubbish, trash, waste, pollution, smoke, smell, polluted river",
        "dlhp",
        [],
        (3, 5, 20, 10, 2),
        [],
    ),
    (
        "bencana",
        "Bencana, kebakaran hutan dan lahan",
        "Disasters, forest and land fires",
        "Kebencanaan",
        "bencana, karhutla, kebakaran, longsor, banjir bandang, asap, "
        "disaster, forest fire, fire, landslide, flash flood, haze",
        "bpbd",
        ["dishut"],
        (1, 2, 10, 10, 1),
        [],
    ),
    (
        "bantuan-sosial",
        "Bantuan sosial",
        "Social assistance",
        "Sosial",
        "bansos, bantuan, pkh, dtks, lansia, disabilitas, "
        "social assistance, aid, elderly, disability",
        "dinsos",
        [],
        (3, 5, 20, 10, 2),
        [],
    ),
    (
        "ketenagakerjaan",
        "Ketenagakerjaan",
        "Employment",
        "Sosial",
        "kerja, upah, phk, pekerja, buruh, pelatihan kerja, "
        "work, wage, layoff, worker, labour, job training",
        "disnakertrans",
        [],
        (3, 5, 20, 10, 2),
        [],
    ),
    (
        "ketertiban-umum",
        "Ketertiban umum",
        "Public order",
        "Ketertiban",
        "ketertiban, pedagang, reklame liar, satpol pp, "
        "public order, street vendor, illegal billboard",
        "satpol-pp",
        [],
        (3, 5, 14, 10, 2),
        [],
    ),
    (
        "pelayanan-publik",
        "Pelayanan publik lainnya",
        "Other public services",
        "Lainnya",
        "pelayanan, pegawai, pungli, informasi, website, "
        "service, civil servant, extortion, bribe, information",
        "diskominfo",
        ["inspektorat"],
        (3, 5, 20, 10, 2),
        [],
    ),
]

# Per category: (title, description) pairs; {place} is a landmark or street, {kec} a
# kecamatan; some texts carry personal data to show masking.
TEXTS = {
    "jalan-rusak": [
        (
            "Jalan berlubang di {place}",
            "Ada lubang besar di badan jalan dekat {place}, kecamatan {kec}. Sudah dua minggu "
            "tidak diperbaiki dan sudah ada pengendara motor yang jatuh pada malam hari.",
        ),
        (
            "Aspal mengelupas sepanjang jalan provinsi",
            "Aspal di jalan provinsi arah {place} mengelupas sekitar 200 meter. Saat hujan "
            "lubangnya tertutup air sehingga tidak terlihat. Mohon segera ditambal.",
        ),
        (
            "Jalan amblas di {kec}",
            "Sebagian jalan amblas di pinggir sungai dekat {place}. Truk bermuatan masih lewat. "
            "Kalau perlu keterangan hubungi saya di 0812 7788 1234.",
        ),
    ],
    "jembatan": [
        (
            "Pagar jembatan {place} patah",
            "Pagar pengaman jembatan di {place} patah sepanjang tiga meter. Anak-anak sekolah "
            "melintas setiap pagi, sangat berbahaya.",
        ),
        (
            "Lantai jembatan berlubang",
            "Lantai jembatan kayu di kecamatan {kec} sudah berlubang di beberapa titik; motor "
            "harus bergantian lewat.",
        ),
    ],
    "drainase-banjir": [
        (
            "Genangan setiap hujan di {place}",
            "Setiap hujan deras jalan di depan {place} tergenang setinggi lutut karena saluran "
            "tersumbat sampah dan sedimen.",
        ),
        (
            "Saluran irigasi jebol di {kec}",
            "Tanggul saluran irigasi jebol sehingga sawah warga kekeringan. Mohon diperbaiki "
            "sebelum musim tanam.",
        ),
    ],
    "rumah-sakit": [
        (
            "Antrean pendaftaran sangat lama",
            "Antrean pendaftaran pasien BPJS di rumah sakit sejak subuh, loket baru buka jam "
            "08.00 dan nomor antrean habis sebelum jam 9.",
        ),
        (
            "Ruang tunggu IGD penuh",
            "Keluarga pasien menunggu di lantai karena kursi ruang tunggu IGD tidak cukup. "
            "Mohon ditambah kursi dan petugas informasi.",
        ),
    ],
    "layanan-kesehatan": [
        (
            "Stok obat puskesmas kosong",
            "Puskesmas di kecamatan {kec} sudah sebulan kehabisan obat hipertensi, pasien "
            "disuruh membeli sendiri di apotek.",
        ),
        (
            "Ambulans desa tidak bisa dihubungi",
            "Nomor ambulans desa di {kec} tidak aktif saat ada warga yang melahirkan malam hari.",
        ),
    ],
    "kesehatan-jiwa": [
        (
            "Warga dengan gangguan jiwa butuh penanganan",
            "Ada warga dengan gangguan jiwa yang dipasung keluarganya di kecamatan {kec}. "
            "Keluarga tidak mampu membawa ke rumah sakit.",
        ),
    ],
    "pajak-kendaraan": [
        (
            "Pembayaran e-Samsat gagal tapi saldo terpotong",
            "Saya membayar pajak kendaraan lewat aplikasi, saldo terpotong tetapi status masih "
            "belum bayar. NIK saya 1671012304880002, mohon dicek.",
        ),
        (
            "Antrean Samsat keliling tidak tertib",
            "Samsat keliling di {place} tidak memakai nomor antrean sehingga warga saling serobot.",
        ),
        (
            "Pelat nomor belum jadi setelah tiga bulan",
            "Sudah bayar BBNKB dan pelat nomor belum jadi setelah tiga bulan; petugas hanya "
            "bilang menunggu kiriman.",
        ),
    ],
    "sekolah": [
        (
            "Pungutan uang gedung di SMA negeri",
            "Orang tua murid diminta membayar uang gedung Rp 2.500.000 padahal sekolah negeri. "
            "Tidak ada rapat komite sebelumnya.",
        ),
        (
            "Atap ruang kelas SMK bocor",
            "Atap tiga ruang kelas di SMK di kecamatan {kec} bocor, siswa belajar sambil "
            "memindahkan meja saat hujan.",
        ),
    ],
    "perizinan": [
        (
            "Izin usaha tidak diproses",
            "Permohonan izin usaha saya di OSS sudah lengkap sejak dua bulan, status tidak "
            "berubah dan tidak ada jawaban dari petugas. Email saya warga.usaha@example.org.",
        ),
    ],
    "angkutan-umum": [
        (
            "Lampu lalu lintas mati di {place}",
            "Lampu lalu lintas di persimpangan dekat {place} mati sejak tiga hari, sering "
            "terjadi kemacetan dan hampir tabrakan.",
        ),
        (
            "Bus feeder tidak sesuai jadwal",
            "Bus feeder ke stasiun LRT datang tidak sesuai jadwal, penumpang menunggu lebih "
            "dari satu jam.",
        ),
    ],
    "lingkungan": [
        (
            "Sungai tercemar limbah",
            "Air sungai di kecamatan {kec} berubah hitam dan berbau, diduga dari limbah pabrik "
            "di hulu. Ikan banyak yang mati.",
        ),
        (
            "Tumpukan sampah di {place}",
            "Sampah menumpuk di pinggir jalan dekat {place} dan tidak diangkut lebih dari "
            "seminggu.",
        ),
    ],
    "bencana": [
        (
            "Titik api di lahan gambut {kec}",
            "Terlihat asap dan titik api di lahan gambut dekat permukiman di kecamatan {kec}, "
            "angin mengarah ke rumah warga.",
        ),
        (
            "Tebing longsor menutup jalan",
            "Tebing di tepi jalan menuju {place} longsor dan menutup separuh jalan.",
        ),
    ],
    "bantuan-sosial": [
        (
            "Lansia tidak terdaftar penerima bantuan",
            "Ibu saya sudah lansia dan tinggal sendiri tetapi tidak terdaftar di DTKS. Sudah "
            "mengurus ke kelurahan tetapi belum ada kabar.",
        ),
    ],
    "ketenagakerjaan": [
        (
            "Upah di bawah UMP",
            "Perusahaan tempat saya bekerja di kecamatan {kec} membayar upah di bawah UMP dan "
            "tidak mendaftarkan pekerja ke BPJS Ketenagakerjaan.",
        ),
    ],
    "ketertiban-umum": [
        (
            "Reklame liar di {place}",
            "Banyak spanduk dan reklame liar dipasang di pohon dan tiang listrik sekitar {place}.",
        ),
    ],
    "pelayanan-publik": [
        (
            "Website layanan tidak bisa diakses",
            "Website layanan perizinan provinsi tidak bisa dibuka sejak kemarin, muncul pesan "
            "kesalahan server.",
        ),
        (
            "Petugas meminta uang tambahan",
            "Petugas loket meminta uang tambahan agar berkas cepat diproses. Saya bisa dihubungi "
            "di +62 813-6677-8899.",
        ),
    ],
}

STREETS = [
    "Jalan Jenderal Sudirman",
    "Jalan Demang Lebar Daun",
    "Jalan Kolonel Atmo",
    "Jalan Lintas Sumatera",
    "Jalan Merdeka",
    "Jalan Pasar",
    "Jalan Soekarno-Hatta",
    "Jalan Veteran",
    "simpang empat pasar",
    "kantor kecamatan",
    "SD negeri 1",
]
FIRST_NAMES = [
    "Ahmad",
    "Budi",
    "Citra",
    "Dedi",
    "Eka",
    "Fajar",
    "Gita",
    "Hendra",
    "Indah",
    "Joko",
    "Kurnia",
    "Lestari",
    "Maya",
    "Nur",
    "Oktavia",
    "Putri",
    "Rizki",
    "Sari",
    "Taufik",
    "Wulan",
    "Yanti",
    "Zainal",
]
LAST_NAMES = [
    "Saputra",
    "Wijaya",
    "Lestari",
    "Pratama",
    "Siregar",
    "Harahap",
    "Kurniawan",
    "Susanti",
    "Hidayat",
    "Rahmawati",
    "Fitriani",
    "Setiawan",
]
REPLIES = [
    "Laporan sudah kami terima dan tim teknis dijadwalkan meninjau lokasi minggu ini.",
    "Terima kasih atas laporannya. Petugas kami sudah berkoordinasi dengan UPTD setempat.",
    "Kami sudah memeriksa dan akan menindaklanjuti sesuai prosedur yang berlaku.",
]
PROGRESS = [
    "Peninjauan lapangan sudah dilakukan; perbaikan masuk jadwal pekerjaan pemeliharaan.",
    "Material sudah dikirim ke lokasi, pekerjaan dimulai besok pagi.",
]
RESOLUTIONS = [
    "Perbaikan sudah selesai dikerjakan. Foto hasil pekerjaan terlampir di laporan ini.",
    "Masalah sudah diselesaikan dan petugas sudah diberi pembinaan.",
    "Sudah ditindaklanjuti: layanan kembali normal sejak hari ini.",
]
REJECTIONS = [
    "Laporan tidak memuat informasi yang cukup untuk ditindaklanjuti (lokasi dan waktu "
    "kejadian tidak jelas). Silakan kirim laporan baru dengan keterangan lengkap.",
]
NOT_AUTHORITY = [
    "Jalan ini adalah jalan kabupaten/kota. Silakan laporkan ke Dinas PUPR pemerintah "
    "kabupaten/kota setempat melalui kanal SP4N-LAPOR! kabupaten/kota.",
]
RATING_COMMENTS = [
    "Terima kasih, cepat ditangani.",
    "Sudah diperbaiki tapi agak lama.",
    "Pelayanan baik.",
    "",
]
