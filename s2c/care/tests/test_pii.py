import pytest
from django.utils import translation

from s2c.care import pii

HIDDEN_ID = "[ID number hidden]"
HIDDEN_PHONE = "[phone hidden]"
HIDDEN_EMAIL = "[email hidden]"


def wide(text):
    """``text`` in full-width characters (U+FF01 to U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIK saya 1671012345678901 ya", f"NIK saya {HIDDEN_ID} ya"),
        ("NIK: 1671 0123 4567 8901.", f"NIK: {HIDDEN_ID}."),
        ("KK 1671.0123.4567.8901", f"KK {HIDDEN_ID}"),
        ("1671-0123-4567-8901", HIDDEN_ID),
        ("hubungi 081234567890", f"hubungi {HIDDEN_PHONE}"),
        ("HP 0812-3456-7890 ya", f"HP {HIDDEN_PHONE} ya"),
        ("0812 3456 789", HIDDEN_PHONE),
        ("HP +62 812-3456-7890", f"HP {HIDDEN_PHONE}"),
        ("WA +6281234567890", f"WA {HIDDEN_PHONE}"),
        ("WA 62 812 3456 7890", f"WA {HIDDEN_PHONE}"),
        ("(+62) 81234567890", HIDDEN_PHONE),
        ("telp (0711) 352345", f"telp {HIDDEN_PHONE}"),
        ("kantor 0711-352345", f"kantor {HIDDEN_PHONE}"),
        ("+62 21 5551234", HIDDEN_PHONE),
        ("email budi.santoso@gmail.com ok", f"email {HIDDEN_EMAIL} ok"),
        ("BUDI_S+care@Mail.Example.co.id", HIDDEN_EMAIL),
        ("budi [at] gmail [dot] com", HIDDEN_EMAIL),
        ("budi(at)gmail(dot)com", HIDDEN_EMAIL),
        (
            "Saya Budi, NIK 1671012345678901, HP 081234567890, email b@x.id.",
            f"Saya Budi, NIK {HIDDEN_ID}, HP {HIDDEN_PHONE}, email {HIDDEN_EMAIL}.",
        ),
    ],
)
def test_masks_personal_data(text, expected):
    assert pii.mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rp 1.500.000 dan tahun 2024",
        "nomor SC-2026-000123",
        "jalan km 12 no 45, rt 03/rw 05",
        "tanggal 17-08-2025",
        "jam 08.30 sampai 16.00",
        "tiket 2024-10-01 s/d 2024-10-05",
        "harga 100.000.000.000.000",
        "kode pos 30129",
        "NIP 198001012005011001 is 18 digits",
        "",
    ],
)
def test_leaves_ordinary_text_alone(text):
    assert pii.mask(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIK 1671/0123/4567/8901 ya", f"NIK {HIDDEN_ID} ya"),
        ("NIK 1671 / 0123 / 4567 / 8901", f"NIK {HIDDEN_ID}"),
        ("NIK 1671. 0123. 4567. 8901", f"NIK {HIDDEN_ID}"),
        ("NIK 1671  0123  4567  8901", f"NIK {HIDDEN_ID}"),
        ("NIK 167101/234567/8901", f"NIK {HIDDEN_ID}"),
        ("NIK 1671\u20130123\u20134567\u20138901", f"NIK {HIDDEN_ID}"),
        (
            "NIK " + wide("1671012345678901"),
            f"NIK {HIDDEN_ID}",
        ),
        (
            "NIK " + wide("1671 0123 4567 8901"),
            f"NIK {HIDDEN_ID}",
        ),
        (
            "HP " + wide("081234567890") + " ya",
            f"HP {HIDDEN_PHONE} ya",
        ),
        ("email budi" + wide("@") + "gmail.com ya", f"email {HIDDEN_EMAIL} ya"),
        (wide("budi@gmail.com"), HIDDEN_EMAIL),
        ("budi \ufe6b gmail.com", HIDDEN_EMAIL),
        ("email budi at gmail dot com ya", f"email {HIDDEN_EMAIL} ya"),
        ("budi.s AT mail DOT example DOT co DOT id", HIDDEN_EMAIL),
        ("budi at gmail titik com", HIDDEN_EMAIL),
        ("kirim ke budi at gmail.com", f"kirim ke {HIDDEN_EMAIL}"),
        ("budi@gmail dot com", HIDDEN_EMAIL),
        ("budi@gmail titik co titik id", HIDDEN_EMAIL),
        ("budi at gmail (dot) com", HIDDEN_EMAIL),
        ("budi at gmail [dot] com", HIDDEN_EMAIL),
    ],
)
def test_masks_personal_data_written_other_ways(text, expected):
    assert pii.mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tanggal 17/08/2025",
        "periode 01/02/2024 - 05/06/2024",
        "surat nomor 123/456/789/2024",
        "nomor 2026/000123",
        "lacak SC-2026-000123 dan SC-2026-000124",
        "tinggal at Jl. Sudirman no. 5",
        "meet at the office dot",
        "tahun " + wide("2024") + ", jam " + wide("08.30"),
        "rt 03 / rw 05, km 12",
        "1671/0123/4567/8901/22 is 18 digits",
    ],
)
def test_leaves_ordinary_numbers_written_other_ways_alone(text):
    assert pii.mask(text) == text


def test_masking_keeps_the_rest_of_the_text():
    text = "Jalan \uff21 rusak, NIK 1671/0123/4567/8901, kata \u201cdarurat\u201d"
    assert pii.mask(text) == f"Jalan \uff21 rusak, NIK {HIDDEN_ID}, kata \u201cdarurat\u201d"


def test_mask_of_none_is_empty():
    assert pii.mask(None) == ""


def test_contains_pii():
    assert pii.contains_pii("hubungi 081234567890") is True
    assert pii.contains_pii("jalan berlubang") is False


def test_labels_follow_the_language():
    with translation.override("id"):
        masked = pii.mask("081234567890")
    assert masked.startswith("[") and masked.endswith("]")
