"""The demo services' names and summaries in English (``Service.name_en`` and
``summary_en``, filled by the seed): plain translations of each service's Indonesian name
and summary. An English reader sees them, and a question in English finds them."""

ENGLISH: dict[str, tuple[str, str]] = {
    "bapenda-perpanjangan-stnk-tahunan": (
        "Annual STNK renewal (vehicle tax payment)",
        "Pay the annual motor vehicle tax and have your vehicle registration certificate "
        "endorsed at Samsat.",
    ),
    "bapenda-perpanjangan-stnk-lima-tahunan": (
        "Five-yearly STNK renewal and new number plates",
        "Replace the vehicle registration certificate and licence plates every five years and "
        "pay the vehicle tax.",
    ),
    "bapenda-balik-nama-kendaraan": (
        "Motor vehicle ownership transfer",
        "Change the owner's name on the BPKB and STNK after buying a used vehicle.",
    ),
    "bapenda-e-samsat": (
        "E-Samsat",
        "Pay vehicle tax online, through a bank, an ATM or a digital wallet, without going to "
        "Samsat.",
    ),
    "bapenda-keringanan-denda-pkb": (
        "Relief and waiver of vehicle tax fines",
        "Apply for a reduced late-payment fine during a tax amnesty.",
    ),
    "bapenda-samsat-keliling": (
        "Vehicle tax payment at the mobile Samsat",
        "Pay the annual tax at the Samsat van that visits markets and districts.",
    ),
    "biro-hukum-jdih": (
        "Regional legal documents (JDIH)",
        "Search and request copies of regional regulations and governor regulations.",
    ),
    "bpbd-edukasi-desa-tangguh": (
        "Disaster risk reduction outreach and disaster-resilient villages",
        "Request disaster awareness sessions and drills for schools, villages and offices.",
    ),
    "bpbd-lapor-kejadian-bencana": (
        "Disaster reporting and emergency assistance requests",
        "Report floods, landslides, forest and land fires or other disasters, 24 hours.",
    ),
    "esdm-izin-penambangan-batuan": (
        "Rock mining permit (SIPB)",
        "A permit for small-scale mining of rock such as sand and fill soil.",
    ),
    "dinkes-ambulans-119": (
        "Integrated emergency service 119 (PSC)",
        "Call an ambulance and get emergency medical advice on 119.",
    ),
    "dinkes-pemeriksaan-kualitas-air": (
        "Drinking and clean water quality testing",
        "Laboratory tests of water samples for households, refill depots and businesses.",
    ),
    "dinkop-pendampingan-umkm": (
        "Support and advice for small businesses (UMKM) at PLUT",
        "Business advice, digital marketing, packaging and access to finance.",
    ),
    "dinsos-bantuan-korban-bencana": (
        "Relief supplies for disaster victims",
        "Food, tents and equipment for families affected by a disaster.",
    ),
    "dinsos-rehabilitasi-lansia": (
        "Care for neglected elderly people in a social care home",
        "Housing, meals and care for neglected elderly people in the province's homes.",
    ),
    "dinsos-rekomendasi-pengangkatan-anak": (
        "Review of child adoption permits",
        "The province team's review of prospective adoptive parents before court.",
    ),
    "disdik-beasiswa-sumsel": (
        "South Sumatra education scholarship",
        "Help with education costs for high-achieving or low-income students.",
    ),
    "disdik-legalisir-ijazah": (
        "Diploma legalisation for senior high, vocational and special schools",
        "Certified copies of a school diploma to apply for a job or a university.",
    ),
    "disdik-penerimaan-murid-baru": (
        "New student admission to state senior high and vocational schools",
        "Online registration of new students at state schools in South Sumatra.",
    ),
    "disdik-rekomendasi-mutasi-siswa": (
        "Recommendation for a student's school transfer",
        "A recommendation to move a senior high or vocational student to a school in another "
        "province or district.",
    ),
    "disdik-surat-pengganti-ijazah": (
        "Replacement statement for a lost or damaged diploma",
        "A statement with the same standing as a lost senior high school diploma.",
    ),
    "dishub-andalalin": (
        "Traffic impact assessment (Andalalin) approval on provincial roads",
        "Approval of the traffic impact document for building along a provincial road.",
    ),
    "diskominfo-permohonan-informasi-publik": (
        "Public information request (PPID)",
        "Ask for copies of public information of the South Sumatra provincial government.",
    ),
    "disnakertrans-mediasi-hubungan-industrial": (
        "Mediation of industrial relations disputes across districts",
        "Mediation between workers and employers.",
    ),
    "disnakertrans-pelatihan-blk": (
        "Vocational training at the job training centre (BLK)",
        "Free skills training in welding, automotive, computers, sewing and more.",
    ),
    "disnakertrans-pendaftaran-transmigran": (
        "Transmigrant registration",
        "Register for the transmigration programme.",
    ),
    "disnakertrans-pengesahan-peraturan-perusahaan": (
        "Approval of company regulations",
        "Approval of company regulations for companies operating in several districts.",
    ),
    "dispar-informasi-wisata": (
        "Tourist information centre",
        "Maps, event calendar and information on tourist destinations in South Sumatra.",
    ),
    "dispustaka-kartu-anggota": (
        "Regional library membership",
        "A membership card to borrow books from the South Sumatra regional library.",
    ),
    "dispustaka-penelusuran-arsip": (
        "Search of historical archives",
        "Help finding historical records and old documents of the provincial government.",
    ),
    "dlhp-persetujuan-lingkungan": (
        "Environmental approval (AMDAL and UKL-UPL) within the province's authority",
        "Assessment of environmental documents for businesses.",
    ),
    "dp3ap2kb-pendampingan-korban-kekerasan": (
        "Complaints and support for women and children who are victims of violence",
        "Legal and psychological support and a safe house.",
    ),
    "dpmptsp-izin-operasional-rumah-sakit-kelas-b": (
        "Operating permit for class B hospitals",
        "Business licensing for general and specialist class B hospitals.",
    ),
    "dpmptsp-izin-trayek-akdp": (
        "Intercity passenger transport permit within the province (AKDP)",
        "Route permits for buses and travel services between cities in South Sumatra.",
    ),
    "dpmptsp-konsultasi-investasi": (
        "Investment advice and opportunities",
        "Information on investment opportunities, incentives and business locations in South "
        "Sumatra.",
    ),
    "dpmptsp-pendampingan-oss": (
        "Help with business licensing through OSS",
        "Help getting a business identification number (NIB) and a risk-based business "
        "licence in OSS.",
    ),
    "kesbangpol-pendaftaran-ormas": (
        "Registration of civil society organisations",
        "Registration of civil society organisations based in South Sumatra.",
    ),
    "kesbangpol-surat-keterangan-penelitian": (
        "Research letter",
        "A letter for students and researchers doing research in South Sumatra.",
    ),
    "pu-bmtr-izin-rumija": (
        "Permit to use provincial road land",
        "Install utilities, an access road or a building within a provincial road's right of way.",
    ),
    "rs-ernaldi-bahar-rawat-jalan-jiwa": (
        "Mental health outpatient care",
        "Consultation and treatment of mental disorders at the Ernaldi Bahar hospital clinic.",
    ),
    "rs-ernaldi-bahar-rehabilitasi-napza": (
        "Medical rehabilitation for drug addicts (compulsory reporting institution)",
        "Compulsory reporting and medical rehabilitation for narcotics users.",
    ),
    "rs-ernaldi-bahar-surat-keterangan-sehat-jiwa": (
        "Mental health certificate",
        "A certificate of freedom from mental disorders to apply for a job, the civil service "
        "or studies.",
    ),
    "rsud-siti-fatimah-igd": (
        "24-hour emergency department (IGD)",
        "Emergency care at any time, with no paperwork required first.",
    ),
    "rsud-siti-fatimah-rawat-jalan-jkn": (
        "Outpatient registration for JKN (BPJS Health) patients",
        "See a specialist at the Siti Fatimah hospital clinics with a JKN card.",
    ),
    "rsud-siti-fatimah-rawat-jalan-umum": (
        "Outpatient registration for general patients",
        "See a doctor at the Siti Fatimah hospital clinics paying yourself or with private "
        "insurance.",
    ),
}
