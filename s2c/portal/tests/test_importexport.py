import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from s2c.core.errors import ApplicationError, PermissionDenied
from s2c.core.models import AuditEntry

from .. import services, tabular
from ..exporting import catalogue_export
from ..models import Service, ServiceRevision
from . import factories as f

pytestmark = pytest.mark.django_db

HEADER = [
    "code",
    "agency",
    "name",
    "requirements",
    "steps",
    "processing_time_value",
    "processing_time_unit",
    "is_free",
    "cost",
    "product",
    "complaint_channel",
    "offices",
    "life_events",
]


def csv_bytes(rows, header=HEADER, delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def good_row(code="dinas-a-legalisir", name="Legalisir Ijazah", office="kantor-a"):
    return [
        code,
        "dinas-a",
        name,
        "1. Ijazah asli\n2. Fotokopi ijazah",
        "Serahkan berkas\nTunggu",
        "2",
        "working_days",
        "ya",
        "",
        "Ijazah terlegalisir",
        "Sumsel Care",
        office,
        "pendidikan",
    ]


@pytest.fixture
def office(agency):
    return f.make_office(agency, code="kantor-a")


def test_import_creates_drafts_and_is_idempotent(agency_admin, office):
    data = csv_bytes([good_row(), good_row("dinas-a-mutasi", "Mutasi Siswa")])

    report = services.catalogue_import(by=agency_admin, name="katalog.csv", data=data)

    assert (report.created, report.errors) == (["dinas-a-legalisir", "dinas-a-mutasi"], [])
    service = Service.objects.get(code="dinas-a-legalisir")
    assert service.status == "draft"
    assert [r.text for r in service.requirements.all()] == ["Ijazah asli", "Fotokopi ijazah"]
    assert (service.processing_time_value, service.is_free) == (2, True)
    assert [o.code for o in service.offices.all()] == ["kantor-a"]

    again = services.catalogue_import(by=agency_admin, name="katalog.csv", data=data)

    assert (again.created, again.updated, again.unchanged) == (
        [],
        [],
        ["dinas-a-legalisir", "dinas-a-mutasi"],
    )
    assert Service.objects.count() == 2


def test_bad_rows_are_all_reported_and_nothing_is_stored(agency_admin, office, other_agency):
    f.make_service(other_agency, code="milik-dinas-b")
    bad_time = good_row("dinas-a-b")
    bad_time[5] = "dua"
    bad_bool = good_row("dinas-a-c")
    bad_bool[7] = "mungkin"
    foreign = good_row("milik-dinas-b")
    foreign[1] = "dinas-b"
    rows = [
        good_row(),
        bad_time,
        bad_bool,
        good_row("dinas-a-legalisir"),
        good_row("dinas-a-d", office="kantor-tidak-ada"),
        foreign,
        ["", "dinas-a", "Tanpa kode"] + [""] * 10,
    ]

    report = services.catalogue_import(by=agency_admin, name="katalog.csv", data=csv_bytes(rows))

    assert [(e.row, e.code, e.message) for e in report.errors] == [
        (3, "dinas-a-b", "processing_time_value: write a whole number, e.g. 3."),
        (4, "dinas-a-c", "is_free: write yes or no (ya or tidak)."),
        (5, "dinas-a-legalisir", "The code is already used on row 2."),
        (
            6,
            "dinas-a-d",
            "offices: These offices are not active offices of this agency: kantor-tidak-ada.",
        ),
        (7, "milik-dinas-b", "You may not change the services of Dinas B."),
        (8, "", "The code is empty."),
    ]
    assert report.stored is False
    assert Service.objects.filter(agency__code="dinas-a").count() == 0
    assert AuditEntry.objects.filter(action="portal.service.create").count() == 0


def test_import_of_published_service_by_agency_admin_proposes_a_revision(
    agency, agency_admin, office
):
    f.make_service(agency, code="dinas-a-legalisir", office=office, name="Legalisir Ijazah")
    row = good_row()
    row[3] = "Ijazah asli"
    report = services.catalogue_import(by=agency_admin, name="k.csv", data=csv_bytes([row]))
    assert report.proposed == ["dinas-a-legalisir"]
    revision = ServiceRevision.objects.get()
    assert revision.content["requirements"] == ["Ijazah asli"]


def test_dry_run_checks_without_storing(agency_admin, office):
    report = services.catalogue_import(
        by=agency_admin, name="k.csv", data=csv_bytes([good_row()]), dry_run=True
    )
    assert (report.created, report.ok, report.stored) == (["dinas-a-legalisir"], True, False)
    assert Service.objects.count() == 0


def test_semicolon_csv_and_xlsx_are_read(agency_admin, office):
    report = services.catalogue_import(
        by=agency_admin, name="k.csv", data=csv_bytes([good_row()], delimiter=";")
    )
    assert report.created == ["dinas-a-legalisir"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    row = good_row("dinas-a-xlsx", "Dari Excel")
    row[5] = 3  # a number cell
    sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    report = services.catalogue_import(by=agency_admin, name="k.xlsx", data=out.getvalue())
    assert (report.created, report.errors) == (["dinas-a-xlsx"], [])
    assert Service.objects.get(code="dinas-a-xlsx").processing_time_value == 3


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("k.csv", b"", "The file is empty."),
        ("k.csv", b"code,agency\n", "The first row must name the columns; missing columns: name."),
        (
            "k.csv",
            b"code,agency,name,colour\n",
            "The first row must name the columns; unknown columns: colour.",
        ),
        ("k.csv", b"code,agency,name\n", "The file has no services under its header row."),
        ("k.csv", "code,agency,name\n".encode("utf-16"), "This is not a CSV or XLSX file."),
        (
            "k.csv",
            b"code,agency,name\nx,\xff\xfe,y\n",
            "Save the CSV file with the UTF-8 encoding.",
        ),
        (
            "k.xlsx",
            b"not a workbook",
            "This does not look like an XLSX workbook; save it as .xlsx or .csv.",
        ),
        ("k.xlsx", b"PK\x03\x04broken", "The workbook cannot be read; save it again as .xlsx."),
    ],
)
def test_unreadable_files(agency_admin, name, data, message):
    with pytest.raises(ApplicationError) as exc:
        services.catalogue_import(by=agency_admin, name=name, data=data)
    assert exc.value.message == message


def test_officers_and_citizens_cannot_import(officer, citizen):
    for user in (officer, citizen, None):
        with pytest.raises(PermissionDenied):
            services.catalogue_import(by=user, name="k.csv", data=csv_bytes([good_row()]))


def test_export_round_trips(agency, agency_admin, office, other_agency):
    f.make_service(
        agency,
        code="dinas-a-satu",
        office=office,
        requirements=["=cmd()", "KTP"],
        life_events=["pendidikan"],
        is_free=False,
        cost="Rp10.000",
    )
    f.make_service(other_agency, code="dinas-b-satu")  # not the admin's agency

    data, content_type, filename = catalogue_export(user=agency_admin, fmt="csv")

    assert content_type == "text/csv; charset=utf-8"
    assert filename.startswith("katalog-layanan-") and filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == ["dinas-a-satu"]
    assert rows[0]["requirements"] == "'=cmd()\nKTP"  # no formula in a spreadsheet
    assert (rows[0]["offices"], rows[0]["life_events"], rows[0]["is_free"]) == (
        "kantor-a",
        "pendidikan",
        "no",
    )
    # Importing the export back changes nothing.
    report = services.catalogue_import(by=agency_admin, name=filename, data=data)
    assert (report.unchanged, report.errors) == (["dinas-a-satu"], [])

    xlsx, content_type, filename = catalogue_export(user=agency_admin, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[1]][:3] == ["code", "agency", "name"]
    assert sheet["H2"].value == "=cmd()\nKTP" and sheet["H2"].data_type == "s"
    report = services.catalogue_import(by=agency_admin, name=filename, data=xlsx)
    assert (report.unchanged, report.errors) == (["dinas-a-satu"], [])


def test_code_must_be_a_slug(agency_admin, office):
    report = services.catalogue_import(
        by=agency_admin, name="k.csv", data=csv_bytes([good_row("Samsat PKB")])
    )
    assert [e.message for e in report.errors] == [
        "code: Use only lower-case letters, digits and hyphens, e.g. bapenda-perpanjangan-stnk."
    ]
    assert tabular.COLUMN_KEYS[:3] == ["code", "agency", "name"]


def test_province_admin_imports_for_any_agency(province_admin, office, other_agency):
    f.make_office(other_agency, code="kantor-b")
    row_b = good_row("dinas-b-x", office="kantor-b")
    row_b[1] = "dinas-b"
    report = services.catalogue_import(
        by=province_admin, name="k.csv", data=csv_bytes([good_row(), row_b])
    )
    assert report.created == ["dinas-a-legalisir", "dinas-b-x"]
