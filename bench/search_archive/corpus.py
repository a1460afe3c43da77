"""The archive-scale search corpus (issue 13): deterministic Indonesian-like documents of
three kinds, and never-asked questions over their vocabulary.

    from corpus import Corpus
    c = Corpus()                          # seeded; the same documents on every run
    for doc in c.documents(scale=0.1):    # a stream: nothing is held in memory
        ...
    qs = c.questions(random.Random(), 400)   # a fresh seed gives fresh questions
    c.planted                             # [(question, type, object_id)]: must come first

Kinds (full sizes; ``scale`` takes a prefix of each, so a 10% corpus is the first tenth
of the full one): 100,000 ``service`` (title 3-6 words, one-sentence summary, ~80 words
of requirement/step lines), 1,000,000 ``report`` (citizen complaints, title 4-8 words,
body 30-120 words), 100,000 ``archive`` (about 1,000 words, years 2006-2025, titles like
"Laporan Keuangan Dinas X Tahun 2019"). Visibility ~90% public, ~7% agency, ~3% staff;
17 regions and 60 agencies as integer indexes.

The vocabulary is about 50,000 words, Zipf-weighted: the real words of the province's
facts (/work/shared/data/sumsel, the S2C launch report in /work/shared/seed) and of the
domain list of bench/search_bench.py, interleaved with synthetic Indonesian-looking words
(syllables with me-/pe-/ber-/di-/-kan/-an/-nya affixes). Fixed phrases (agency and region
names, "pajak kendaraan bermotor", ...) are sprinkled in, so quoted questions can match.
Each document is generated from its own seed (kind, index): any prefix is reproducible.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterator
from pathlib import Path

SEED = 20261205
SIZES = {"service": 100_000, "report": 1_000_000, "archive": 100_000}
KINDS = ("service", "report", "archive")
# Integer ids per kind, disjoint: an engine's row id / doc id is BASE[kind] + index.
BASE = {"service": 10_000_000, "report": 20_000_000, "archive": 30_000_000}
N_REGIONS = 17
N_AGENCIES = 60
VOCABULARY_SIZE = 50_000
ARCHIVE_YEARS = (2006, 2025)

SHARED = Path("/work/shared")
_WORD_RE = re.compile(r"[^\W\d_]+")

# From bench/search_bench.py (the existing, smaller bench), not imported: it sets up Django.
DOMAIN = """pajak kendaraan bermotor perpanjangan stnk samsat motor mobil pelayanan kesehatan
rumah sakit puskesmas jalan rusak berlubang jembatan banjir sampah drainase lampu
penerangan sekolah pendidikan beasiswa guru izin usaha perizinan investasi pertanian
padi sawit karet kopi perikanan nelayan pariwisata wisata sungai musi jembatan ampera
palembang prabumulih lubuklinggau pagar alam ogan komering ilir ulu banyuasin musi
rawas lahat muara enim empat lawang penukal abab lematang sumatera selatan provinsi
kabupaten kota kecamatan desa kelurahan dinas badan biro sekretariat inspektorat
pengaduan aspirasi informasi publik data statistik anggaran keuangan laporan kegiatan
program bantuan sosial kependudukan akta kelahiran kartu keluarga ktp elektronik
pengumuman jadwal layanan keliling gratis online daring pendaftaran persyaratan
dokumen surat keputusan gubernur peraturan daerah rapat koordinasi pembangunan
infrastruktur air bersih listrik internet wifi telekomunikasi transportasi angkutan
bus terminal pelabuhan bandara kesehatan ibu anak gizi imunisasi vaksinasi bencana
kebakaran hutan lahan asap kemacetan lalu lintas parkir pasar harga sembako
arsip realisasi belanja pendapatan neraca aset tahunan kinerja rencana strategis
notulen berita acara pemeriksaan audit pertanggungjawaban pelaksanaan evaluasi""".split()
STOP = "dan yang di ke dari untuk dengan pada dalam oleh bagi ini itu atau juga telah".split()
SYLLABLES = (
    "ba be bi bu ka ke ki ku la le li lu ma me mi mu na ne ni nu pa pe pi pu ra re ri ru "
    "sa se si su ta te ti tu ja ju ga gu da du ha wa ya ng an ar ci co so to lo po"
).split()
PREFIXES = ["", "", "", "me", "pe", "ber", "di", "ter", "pen", "mem", "per", "ke"]
SUFFIXES = ["", "", "", "an", "kan", "nya", "i"]
MONTHS = (
    "januari februari maret april mei juni juli agustus september oktober november desember"
).split()
PHRASES_EXTRA = [
    "pajak kendaraan bermotor",
    "perpanjangan stnk",
    "jalan rusak",
    "jalan berlubang",
    "rumah sakit",
    "kartu keluarga",
    "akta kelahiran",
    "ktp elektronik",
    "air bersih",
    "lampu penerangan jalan",
    "bantuan sosial",
    "izin usaha",
    "laporan keuangan",
    "laporan kinerja",
    "rencana strategis",
    "berita acara",
    "lalu lintas",
    "harga sembako",
    "kebakaran hutan dan lahan",
    "pelayanan publik",
    "sumatera selatan",
    "rapat koordinasi",
    "surat keputusan gubernur",
    "peraturan daerah",
    "layanan keliling",
    "pusat data",
    "pengaduan masyarakat",
    "tata kelola pemerintahan",
    "smart province",
    "jaringan internet",
]
SERVICE_HEADS = ["Persyaratan", "Langkah", "Dokumen", "Biaya", "Waktu", "Syarat", "Tahap"]
ARCHIVE_TITLES = [
    "Laporan Keuangan {agency} Tahun {year}",
    "Laporan Keuangan {agency} Tahun {year}",
    "Laporan Kinerja {agency} Tahun {year}",
    "Rencana Strategis {agency} {year}",
    "Notulen Rapat Koordinasi {agency} {date}",
    "Berita Acara Pemeriksaan {agency} {year}",
    "Surat Keputusan Gubernur tentang {topic} Tahun {year}",
    "Realisasi Anggaran {agency} Triwulan {q} Tahun {year}",
    "Arsip {topic} {region} {year}",
]


def _real_words() -> list[str]:
    """Folded words of the shared facts and the launch report, most frequent first."""
    counts: dict[str, int] = {}
    paths = sorted((SHARED / "data" / "sumsel").glob("*")) + sorted((SHARED / "seed").glob("*.txt"))
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        for w in _WORD_RE.findall(text.casefold()):
            if 2 <= len(w) <= 20 and w.isascii():
                counts[w] = counts.get(w, 0) + 1
    for w in DOMAIN:
        counts[w] = counts.get(w, 0) + 3
    return sorted(counts, key=lambda w: (-counts[w], w))


def _names() -> tuple[list[str], list[str], list[str]]:
    """(60 agency names, 17 region names, place names) from the shared facts."""
    agencies, regions, places = [], [], []
    try:
        with open(SHARED / "data" / "sumsel" / "agencies.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                agencies.append(re.sub(r"\s*\(.*?\)", "", row["name"]).strip())
        with open(SHARED / "data" / "sumsel" / "regions.csv", encoding="utf-8") as f:
            regions = [row["name"] for row in csv.DictReader(f)]
        with open(SHARED / "data" / "sumsel" / "places.csv", encoding="utf-8") as f:
            places = [row["name"] for row in csv.DictReader(f)]
    except OSError:
        pass
    fields = ["Pertanian", "Perikanan", "Kehutanan", "Perkebunan", "Pariwisata", "Pendidikan"]
    units = ["Dinas", "Badan", "UPTD", "Biro", "Balai"]
    i = 0
    while len(agencies) < N_AGENCIES:
        agencies.append(f"{units[i % len(units)]} {fields[i % len(fields)]} Wilayah {i // 6 + 1}")
        i += 1
    while len(regions) < N_REGIONS:
        regions.append(f"Kabupaten {len(regions) + 1}")
    return agencies[:N_AGENCIES], regions[:N_REGIONS], places


class Corpus:
    def __init__(self, seed: int = SEED, vocabulary_size: int = VOCABULARY_SIZE):
        self.seed = seed
        rng = random.Random(seed)
        real = [w for w in _real_words() if w not in STOP]
        words = list(real)
        seen = set(words) | set(STOP)
        while len(words) < vocabulary_size - len(STOP):
            root = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
            word = rng.choice(PREFIXES) + root + rng.choice(SUFFIXES)
            if word not in seen and len(word) >= 3:
                seen.add(word)
                words.append(word)
        # Real words spread over the Zipf ranks (every 9th of the first ~9 x len(real)),
        # not all at the top: common and rare real words, as in real text.
        head, tail = words[: len(real)], words[len(real) :]
        mixed: list[str] = []
        for i, word in enumerate(tail):
            if i % 9 == 0 and head:
                mixed.append(head.pop(0))
            mixed.append(word)
        self.words: list[str] = STOP + mixed + head
        self.rank = {w: i for i, w in enumerate(self.words)}
        self.cum: list[float] = []
        total = 0.0
        for r in range(1, len(self.words) + 1):
            total += 1.0 / r
            self.cum.append(total)
        self.agencies, self.regions, places = _names()
        self.phrases = [p.lower() for p in PHRASES_EXTRA + self.agencies + self.regions + places]
        self.planted = self._plan_planted()

    # --- text -------------------------------------------------------------------------

    def _words(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=n)

    def _sentence(self, rng: random.Random, n: int) -> str:
        ws = self._words(rng, n)
        if rng.random() < 0.15:
            ws.insert(rng.randrange(len(ws) + 1), rng.choice(self.phrases))
        s = " ".join(ws)
        return s[:1].upper() + s[1:] + "."

    def _text(self, rng: random.Random, n_words: int, lo: int = 8, hi: int = 18) -> str:
        out, done = [], 0
        while done < n_words:
            k = min(rng.randint(lo, hi), max(3, n_words - done))
            out.append(self._sentence(rng, k))
            done += k
        return " ".join(out)

    def _keywords(self, rng: random.Random) -> str:
        return " ".join(rng.choices(self.words[len(STOP) : 3000], k=rng.randint(3, 6)))

    @staticmethod
    def _visibility(rng: random.Random) -> str:
        r = rng.random()
        return "public" if r < 0.90 else ("agency" if r < 0.97 else "staff")

    def _date(self, rng: random.Random, year: int) -> str:
        return f"{rng.randint(1, 28)} {rng.choice(MONTHS).capitalize()} {year}"

    # --- documents --------------------------------------------------------------------

    def _rng(self, kind: str, i: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{i}")

    def service(self, i: int) -> dict:
        rng = self._rng("service", i)
        lines, n = [], 0
        while n < 80:
            k = rng.randint(6, 12)
            lines.append(f"{rng.choice(SERVICE_HEADS)}: {self._sentence(rng, k)}")
            n += k + 1
        title = " ".join(self._words(rng, rng.randint(3, 6)))
        return {
            "type": "service",
            "object_id": f"s{i}",
            "title": title[:1].upper() + title[1:],
            "summary": self._sentence(rng, rng.randint(10, 20)),
            "keywords": self._keywords(rng),
            "body": "\n".join(lines),
            "visibility": self._visibility(rng),
            "agency": rng.randrange(N_AGENCIES),
            "region": rng.randrange(N_REGIONS),
            "year": rng.randint(2015, 2025),
        }

    def report(self, i: int) -> dict:
        rng = self._rng("report", i)
        title = " ".join(self._words(rng, rng.randint(4, 8)))
        body = self._text(rng, rng.randint(30, 120), 6, 14)
        return {
            "type": "report",
            "object_id": f"r{i}",
            "title": title[:1].upper() + title[1:],
            "summary": body.split(".", 1)[0] + ".",
            "keywords": self._keywords(rng) if rng.random() < 0.3 else "",
            "body": body,
            "visibility": self._visibility(rng),
            "agency": rng.randrange(N_AGENCIES),
            "region": rng.randrange(N_REGIONS),
            "year": rng.randint(2019, 2025),
        }

    def archive(self, i: int) -> dict:
        rng = self._rng("archive", i)
        year = rng.randint(*ARCHIVE_YEARS)
        agency = rng.randrange(N_AGENCIES)
        region = rng.randrange(N_REGIONS)
        title = rng.choice(ARCHIVE_TITLES).format(
            agency=self.agencies[agency],
            year=year,
            date=self._date(rng, year),
            topic=" ".join(self._words(rng, 2)).title(),
            region=self.regions[region],
            q=rng.randint(1, 4),
        )
        # Two pages: paragraphs of sentences, with dates and amounts as archives have.
        paras = []
        n = 0
        target = rng.randint(850, 1150)
        while n < target:
            k = rng.randint(60, 120)
            para = self._text(rng, k)
            if rng.random() < 0.5:
                para += (
                    f" Tanggal {self._date(rng, year)} nomor {rng.randint(1, 999)}/"
                    f"{rng.randint(100, 9999)}/{year} sebesar Rp {rng.randint(1, 999)}."
                    f"{rng.randint(0, 999):03d}.000."
                )
            paras.append(para)
            n += k
        return {
            "type": "archive",
            "object_id": f"a{i}",
            "title": title,
            "summary": self._sentence(rng, rng.randint(15, 30)),
            "keywords": self._keywords(rng) + f" {year}",
            "body": "\n\n".join(paras),
            "visibility": self._visibility(rng),
            "agency": agency,
            "region": region,
            "year": year,
        }

    # --- planted documents ------------------------------------------------------------

    def _plan_planted(self) -> list[dict]:
        """Documents that must come first for their question among thousands of matches.
        Placed at low indexes, so they exist at any scale >= 1%."""
        rng = random.Random(f"{self.seed}:planted")
        # Rare-ish words: ranks 1,000-2,000 occur in ~5-9% of two-page archive texts.
        mid = [w for w in self.words[1000:2000] if w.isalpha() and len(w) >= 5]
        w1, w2, w3 = rng.sample(mid, 3)
        return [
            {
                # "laporan keuangan" is in the title of ~2 in 9 archive documents (all
                # years) and in the text of many more: thousands of newer matches.
                "q": f"laporan keuangan {w1}",
                "kind": "archive",
                "index": 777,
                "year": 2013,
                "title": f"Laporan Keuangan {w1.capitalize()} Dinas Perikanan Tahun 2013",
                "word": w1,
            },
            {
                "q": f"izin usaha {w2} {w3}",
                "kind": "service",
                "index": 555,
                "year": 2016,
                "title": f"Izin Usaha {w2.capitalize()} {w3.capitalize()}",
                "word": f"{w2} {w3}",
            },
        ]

    def _planted_doc(self, spec: dict, doc: dict) -> dict:
        rng = self._rng("planted", spec["index"])
        doc = dict(doc)
        doc["title"] = spec["title"]
        doc["year"] = spec["year"]
        doc["visibility"] = "public"
        doc["keywords"] = f"{spec['word']} laporan keuangan {spec['year']}"
        doc["summary"] = f"Dokumen {spec['title'].lower()} {self._sentence(rng, 10)}"
        body = doc["body"]
        extra = " ".join(f"{spec['word']} {self._sentence(rng, 8)}" for _ in range(4))
        doc["body"] = extra + "\n\n" + body
        return doc

    @property
    def planted_questions(self) -> list[tuple[str, str, str]]:
        """[(question, type, object_id)]."""
        return [(p["q"], p["kind"], f"{p['kind'][0]}{p['index']}") for p in self.planted]

    # --- streams ----------------------------------------------------------------------

    def count(self, scale: float = 1.0, kinds=KINDS) -> int:
        return sum(max(1, int(SIZES[k] * scale)) for k in kinds)

    def documents(self, scale: float = 1.0, kinds=KINDS, interleave: bool = True) -> Iterator[dict]:
        """All documents of ``kinds`` at ``scale``; ``interleave`` mixes the kinds (as
        they would arrive), else one kind after the other."""
        sizes = {k: max(1, int(SIZES[k] * scale)) for k in kinds}
        planted = {(p["kind"], p["index"]): p for p in self.planted}
        makers = {"service": self.service, "report": self.report, "archive": self.archive}

        def one(kind: str, i: int) -> dict:
            doc = makers[kind](i)
            spec = planted.get((kind, i))
            return self._planted_doc(spec, doc) if spec else doc

        if not interleave:
            for k in kinds:
                for i in range(sizes[k]):
                    yield one(k, i)
            return
        # Round-robin in proportion: at any point each kind is about equally far along.
        total = sum(sizes.values())
        done = dict.fromkeys(kinds, 0)
        for n in range(1, total + 1):
            for k in kinds:
                if done[k] < sizes[k] and done[k] < sizes[k] * n / total + 1e-9:
                    yield one(k, done[k])
                    done[k] += 1

    # --- questions --------------------------------------------------------------------

    def _question_word(self, rng: random.Random) -> str:
        while True:
            if rng.random() < 0.5:
                w = rng.choices(self.words, cum_weights=self.cum, k=1)[0]
            else:
                w = self.words[rng.randrange(len(STOP), 6000)]
            if w not in STOP and w.isalpha() and len(w) >= 3:
                return w

    @staticmethod
    def _typo(rng: random.Random, word: str) -> str:
        i = rng.randrange(1, len(word))
        op = rng.choice(("sub", "del", "ins", "swap"))
        letters = "abcdefghijklmnopqrstuvwxyz"
        if op == "sub":
            return word[:i] + rng.choice(letters.replace(word[i], "")) + word[i + 1 :]
        if op == "del":
            return word[:i] + word[i + 1 :]
        if op == "ins":
            return word[:i] + rng.choice(letters) + word[i:]
        i = min(i, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    def _source_words(self, rng: random.Random, scale: float) -> list[str]:
        """Words of a random document at ``scale`` (a person looks for something that
        exists), stop words and numbers left out; titles weigh more than bodies."""
        kind = rng.choices(KINDS, weights=(3, 5, 2))[0]
        doc = getattr(self, kind)(rng.randrange(max(1, int(SIZES[kind] * scale))))
        field = rng.choices(("title", "summary", "body"), weights=(4, 2, 4))[0]
        return [w for w in _WORD_RE.findall(doc[field].lower()) if w not in STOP and len(w) >= 3]

    def questions(self, rng: random.Random, n: int, scale: float = 1.0) -> list[dict]:
        """``n`` never-asked questions: 1-4 words (two in three taken from one document
        of the corpus at ``scale``, the others from the Zipf vocabulary), ~15% with a
        one-letter typo, ~10% with a phrase in double quotes, ~15% with a filter (type,
        agency or region), ~5% typed (the last word a prefix). Each is a dict:
        q (the text as typed), words (plain words), phrase (list of words or None),
        prefix (the word being typed or None), typo (bool), types/agency_ids/region_ids
        (lists or None)."""
        out = []
        for _ in range(n):
            k = rng.choice((1, 2, 2, 3, 3, 4))
            # Two in three from one existing document's words, else from the vocabulary.
            pool = self._source_words(rng, scale) if rng.random() < 0.67 else []
            if len(pool) >= k:
                words = list(dict.fromkeys(rng.sample(pool, k)))
            else:
                words = [self._question_word(rng) for _ in range(k)]
            phrase = None
            prefix = None
            typo = False
            r = rng.random()
            if r < 0.10:
                phrase = rng.choice(self.phrases).split()[:3]
                words = words[: max(0, k - len(phrase))]
            elif r < 0.25:
                cands = [j for j, w in enumerate(words) if len(w) >= 4]
                if cands:
                    j = rng.choice(cands)
                    words[j] = self._typo(rng, words[j])
                    typo = True
            elif r < 0.30:
                full = words.pop()
                prefix = full[: rng.randint(2, min(5, len(full)))]
            filt: dict = {"types": None, "agency_ids": None, "region_ids": None}
            r = rng.random()
            if r < 0.05:
                filt["types"] = [rng.choice(KINDS)]
            elif r < 0.10:
                filt["agency_ids"] = [rng.randrange(N_AGENCIES)]
            elif r < 0.15:
                filt["region_ids"] = [rng.randrange(N_REGIONS)]
            text = " ".join(words)
            if phrase:
                text = (text + " " if text else "") + '"' + " ".join(phrase) + '"'
            if prefix:
                text = (text + " " if text else "") + prefix
            out.append(
                {
                    "q": text,
                    "words": words,
                    "phrase": phrase,
                    "prefix": prefix,
                    "typo": typo,
                    **filt,
                }
            )
        return out


def _main() -> None:
    import argparse
    import time

    parser = argparse.ArgumentParser(description="Print corpus samples and generation speed.")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--show", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    c = Corpus()
    print(
        f"vocabulary {len(c.words)} words in {time.perf_counter() - t0:.1f} s; "
        f"top: {' '.join(c.words[:30])}"
    )
    t0 = time.perf_counter()
    n = words = 0
    vis: dict[str, int] = {}
    shown: dict[str, int] = {}
    for doc in c.documents(args.scale):
        n += 1
        words += sum(len(doc[f].split()) for f in ("title", "summary", "keywords", "body"))
        vis[doc["visibility"]] = vis.get(doc["visibility"], 0) + 1
        if shown.get(doc["type"], 0) < args.show:
            shown[doc["type"]] = shown.get(doc["type"], 0) + 1
            print(doc["type"], doc["object_id"], "|", doc["title"], "|", doc["body"][:160])
    dt = time.perf_counter() - t0
    print(
        f"{n} documents, {words} words in {dt:.1f} s ({words / dt / 1e6:.2f} M words/s); "
        f"visibility {vis}"
    )
    for q in c.questions(random.Random(1), 15):
        print(q)
    print("planted:", c.planted_questions)


if __name__ == "__main__":
    _main()
