"""The "done means" walkthrough in headless chromium at phone size: an anonymous citizen
reports a pothole with a photo and a pin and gets the tracking link; the verifier
dispositions it; the agency officer (who cannot see who reported it) replies and
completes it; the citizen rates it through the link. Screenshots in
test-artifacts/screenshots/care-*.png."""

import io

import pytest
from PIL import Image

from s2c.care.models import Complaint
from s2c.core.tests import factories as core
from s2c.core.tests.browser import fits_the_screen, shot

from . import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "warga.anonim@example.test"


def photo(tmp_path, name: str) -> str:
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 90, 90)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def sign_in(page, live_server, user) -> None:
    page.goto(live_server.url + "/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", core.PASSWORD)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def test_pothole_from_report_to_rating(live_server, phone, tmp_path):
    agency = core.make_agency(
        code="pu-bmtr", short_name="PU BMTR", name="Dinas Pekerjaan Umum Bina Marga dan Tata Ruang"
    )
    f.make_category(
        agency=agency,
        code="jalan-rusak",
        name="Jalan rusak atau berlubang",
        name_en="Damaged or potholed road",
    )
    verifier = f.make_verifier(username="verifikator", full_name="Nurul Verifikator")
    officer = core.make_officer(agency, username="petugas", full_name="Andi Petugas")

    # 1. An anonymous citizen reports a pothole with a photo and a pin.
    citizen = phone()
    citizen.goto(live_server.url + "/lapor/")
    assert fits_the_screen(citizen)
    citizen.select_option("#id_category", "jalan-rusak")
    citizen.fill("#id_title", "Big pothole on Jalan Sudirman")
    citizen.fill(
        "#id_description",
        "A deep pothole in the left lane; two motorbikes fell "
        "last night. Call me on 081377778888 if needed.",
    )
    citizen.locator("#pick-map").click()
    assert citizen.input_value("#id_latitude") != ""
    citizen.fill("#id_address", "Jalan Jenderal Sudirman, depan pasar")
    citizen.set_input_files("#id_files", photo(tmp_path, "pothole.jpg"))
    citizen.check("input[name=privacy][value=anonim]")
    citizen.fill("#id_email", EMAIL)
    shot(citizen, "care-1-report-form")
    citizen.get_by_role("button", name="Send the report").click()
    citizen.wait_for_url("**/lapor/terkirim/**")
    number = citizen.locator("#tracking-number").inner_text().strip()
    follow_url = citizen.locator("#follow-link a").get_attribute("href")
    assert number.startswith("SC-") and "/lapor/ikuti/" in follow_url
    copy = citizen.locator("button[data-copy]")  # shown by core's s2c.js, no inline script
    assert copy.is_visible() and copy.get_attribute("data-copy") == follow_url
    assert fits_the_screen(citizen)
    shot(citizen, "care-2-submitted")
    c = Complaint.objects.get(tracking_number=number)
    assert (c.privacy, c.attachments.count()) == ("anonim", 1)
    assert c.latitude is not None

    # 2. The verifier dispositions it to PU Bina Marga.
    desk = phone()
    sign_in(desk, live_server, verifier)
    desk.goto(live_server.url + "/staf/care/verifikasi/")
    with desk.expect_navigation():
        desk.get_by_role("link", name=number).click()
    assert EMAIL in desk.content()  # verifiers may see who reported
    desk.locator("#action-disposition summary").click()
    desk.select_option("#disposition-agency", "pu-bmtr")
    with desk.expect_navigation():
        desk.locator("#action-disposition button[type=submit]").click()
    sent = f"Report {number} was sent to Dinas Pekerjaan Umum Bina Marga dan Tata Ruang."
    assert sent in desk.content()
    shot(desk, "care-3-verifier-dispositioned")

    # 3. The officer cannot see who reported it; replies, then completes with evidence.
    field = phone()
    sign_in(field, live_server, officer)
    field.goto(live_server.url + "/staf/care/")
    shot(field, "care-4-officer-inbox")
    with field.expect_navigation():
        field.get_by_role("link", name=number).click()
    html = field.content()
    assert EMAIL not in html and "081377778888" not in html
    assert "the reporter's identity is known only to the province's verifiers" in html
    shot(field, "care-5-officer-report")
    field.locator("#action-reply summary").click()
    field.fill("#reply-note", "Our team inspects the road tomorrow morning.")
    with field.expect_navigation():
        field.locator("#action-reply button[type=submit]").click()
    field.locator("#action-complete summary").click()
    field.fill("#complete-note", "The pothole was filled and the lane resurfaced today.")
    field.set_input_files("#complete-files", photo(tmp_path, "patched.jpg"))
    with field.expect_navigation():
        field.locator("#action-complete button[type=submit]").click()
    assert f"Report {number} is completed; the reporter may now rate it." in field.content()
    shot(field, "care-6-officer-completed")

    # 4. The citizen rates it through the private link.
    citizen.goto(follow_url)
    assert "Is the problem solved?" in citizen.content()
    assert fits_the_screen(citizen)
    shot(citizen, "care-7-follow-completed")
    citizen.check("input[name=rating][value='5']")
    citizen.fill("#id_comment", "Fixed quickly, thank you!")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Send my rating").click()
    assert "Thank you for rating the resolution." in citizen.content()
    shot(citizen, "care-8-rated")
    c.refresh_from_db()
    assert (c.status, c.rating) == ("closed", 5)

    # The public page shows the answer, masks the phone number and never the reporter.
    citizen.goto(f"{live_server.url}/lapor/laporan/{number}/")
    public = citizen.content()
    assert "The pothole was filled" in public and "[phone hidden]" in public
    assert EMAIL not in public and "081377778888" not in public
    assert fits_the_screen(citizen)
    shot(citizen, "care-9-public-report")
    for page in (citizen, desk, field):
        assert page.outside == []


def test_public_list_and_map_on_a_phone(live_server, phone):
    agency = core.make_agency(code="pu-bmtr", short_name="PU BMTR", name="Dinas PU Bina Marga")
    category = f.make_category(agency=agency, code="jalan-rusak", name="Jalan rusak")
    verifier = f.make_verifier()
    for i in range(3):
        f.make_complaint(
            category,
            status="dispositioned",
            verifier=verifier,
            latitude=-2.99 + i / 1000,
            longitude=104.76,
            now=f.MONDAY,
        )
    page = phone()
    page.goto(live_server.url + "/lapor/laporan/")
    assert page.locator(".report-card").count() == 3
    assert fits_the_screen(page)
    shot(page, "care-10-public-list")
    page.goto(live_server.url + "/lapor/peta/?status=")
    # A function, not an expression: Playwright evaluates a bare expression with eval() in
    # the page, which the Content-Security-Policy refuses.
    page.wait_for_function(
        "() => document.querySelectorAll('.leaflet-marker-icon').length >= 1", timeout=10000
    )
    assert fits_the_screen(page)
    shot(page, "care-11-map")
    page.goto(live_server.url + "/lapor/liga/")
    assert fits_the_screen(page)
    shot(page, "care-12-league")
    assert page.outside == []


def test_an_incomplete_report_moves_the_focus_to_its_errors(live_server, phone, tmp_path):
    """A citizen sends the form with the title left empty and no photo for a category
    that needs one: the page comes back with the focus on the error summary, which names
    each field and leads to it; the fields are marked invalid."""
    agency = core.make_agency(code="pu-bmtr", short_name="PU BMTR", name="Dinas PU Bina Marga")
    f.make_category(agency=agency, code="jalan-rusak", name="Jalan rusak", requires_evidence=True)
    f.make_category(agency=agency, code="lainnya", name="Lainnya")
    citizen = phone()
    citizen.goto(live_server.url + "/lapor/")
    # The files field is marked required only while a category that needs evidence is chosen.
    files_mark = citizen.locator("label[for=id_files] .required-mark")
    citizen.select_option("#id_category", "lainnya")
    assert files_mark.is_hidden()
    citizen.select_option("#id_category", "jalan-rusak")
    assert files_mark.is_visible()
    assert citizen.get_attribute("#id_files", "aria-required") == "true"
    assert citizen.locator("label[for=id_title] .required-mark").is_visible()
    citizen.fill(
        "#id_description", "Lubang besar di lajur kiri, dua motor jatuh tadi malam di sini."
    )
    citizen.fill("#id_email", EMAIL)
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Send the report").click()

    summary = citizen.locator("[data-error-summary]")
    assert summary.is_visible()
    assert citizen.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert summary.get_by_role("link", name="Title: This field is required.").is_visible()
    evidence = "Photos or documents: Reports about “Jalan rusak” need evidence"
    assert summary.get_by_role("link", name=evidence).count() == 1
    title = citizen.locator("#id_title")
    assert title.get_attribute("aria-invalid") == "true"
    assert citizen.locator(".field.has-error #id_title").count() == 1
    red = citizen.evaluate("getComputedStyle(document.body).getPropertyValue('--red-700')")
    assert red.strip() == "#a4161a"
    assert title.evaluate("e => getComputedStyle(e).borderColor") == "rgb(164, 22, 26)"
    # The field's own message names it for a screen reader and is linked to it.
    described = title.get_attribute("aria-describedby").split()
    assert "id_title_error" in described
    message = citizen.locator("#id_title_error").text_content()
    assert " ".join(message.split()) == "Title: This field is required."
    shot(citizen, "care-report-errors")
    # The summary's link takes the citizen to the field.
    summary.get_by_role("link", name="Title: This field is required.").click()
    assert citizen.evaluate("document.activeElement.id") == "id_title"
    citizen.fill("#id_title", "Lubang besar di Jalan Sudirman")
    citizen.set_input_files("#id_files", photo(tmp_path, "lubang.jpg"))
    citizen.get_by_role("button", name="Send the report").click()
    citizen.wait_for_url("**/lapor/terkirim/**")
    assert Complaint.objects.get().attachments.count() == 1
