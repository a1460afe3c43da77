"""The report form as a citizen meets it: required fields marked, errors named, linked and
listed at the top, the category's questions with their labels, and evidence asked for
before the report is sent. The marks and the error summary are core's shared partials, so
every S2C form gets them (s2c/core/tests/test_form_rendering.py checks another form)."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.html import parse_html
from django.urls import reverse

from s2c.care import presenters, services
from s2c.care.models import Complaint
from s2c.core.tests import factories as core

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies.load({"s2c_language": "en"})
    return client


def form_data(category, **extra):
    return {
        **f.report_form(category),
        "latitude": "-2.99",
        "longitude": "104.76",
        "region": "",
        "agency": "",
        **extra,
    }


def element(html: str, id_: str):
    """The element with this id in a page (django.test.html's tree)."""
    found = []

    def walk(node):
        for child in getattr(node, "children", []):
            if hasattr(child, "attributes"):
                if dict(child.attributes).get("id") == id_:
                    found.append(child)
                walk(child)

    walk(parse_html(html))
    assert found, f"no element with id {id_!r}"
    return found[0]


def attrs(html: str, id_: str) -> dict:
    return dict(element(html, id_).attributes)


def label_for(html: str, id_: str) -> str:
    match = re.search(rf'<label for="{re.escape(id_)}">(.*?)</label>', html, re.S)
    assert match, f"no label for {id_}"
    return match.group(1)


def test_required_fields_are_marked_and_the_mark_explained_once(client, category):
    html = client.get(reverse("care:report")).content.decode()
    for required in ("id_title", "id_description", "id_category"):
        label = label_for(html, required)
        assert 'class="required-mark"' in label
        assert '<span class="visually-hidden"> (required)</span>' in label
    for optional in ("id_address", "id_name", "id_email"):
        assert "required-mark" not in label_for(html, optional)
    # The radio groups (kind, privacy) are marked in their legend.
    assert re.search(r"<legend>What kind of report is this\?<span class=\"required-mark\"", html)
    assert html.count("Fields marked with * are required.") == 1


def test_an_invalid_form_names_links_and_lists_each_error(client, category):
    response = client.post(reverse("care:report"), form_data(category, title="", description=""))
    assert response.status_code == 200
    html = response.content.decode()
    title = attrs(html, "id_title")
    assert title["aria-invalid"] == "true"
    assert "id_title_error" in title["aria-describedby"].split()
    error = element(html, "id_title_error")
    assert str(error).startswith('<ul class="errorlist" id="id_title_error">')
    assert "Title: This field is required." in " ".join(re.sub(r"<[^>]+>", "", str(error)).split())
    # The valid fields are not marked invalid.
    assert "aria-invalid" not in attrs(html, "id_address")
    # The summary at the top, focusable, links each field with its name and error.
    summary = re.search(r"<div class=\"form-errors\"[^>]*>(.*?)</div>", html, re.S)
    assert summary and "data-error-summary" in summary.group(0)
    assert 'tabindex="-1"' in summary.group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))
    assert links == [
        ("id_title", "Title: This field is required."),
        ("id_description", "What happened?: This field is required."),
    ]


def test_a_service_error_lands_on_its_field(client, category):
    """The contact rule is the service's: its error is shown beside the email field."""
    response = client.post(
        reverse("care:report"), form_data(category, email="", phone="", privacy="public")
    )
    html = response.content.decode()
    assert attrs(html, "id_email")["aria-invalid"] == "true"
    assert '<a href="#id_email">Email: Give an email address' in html


def test_a_category_question_is_a_field_with_its_labels(client, category):
    f.add_attribute(category, required=True)
    html = client.get(reverse("care:report")).content.decode()
    select = "id_attribute_jalan-rusak_ukuran"
    assert "required-mark" in label_for(html, select)
    assert attrs(html, select)["aria-required"] == "true"
    assert '<option value="besar">Besar</option>' in html
    # Unanswered: the service's message is beside the question and in the summary.
    response = client.post(reverse("care:report"), form_data(category))
    html = response.content.decode()
    assert attrs(html, select)["aria-invalid"] == "true"
    assert f'<a href="#{select}">Seberapa besar?: Answer “Seberapa besar?”.</a>' in html
    response = client.post(
        reverse("care:report"), form_data(category, **{"attribute_jalan-rusak_ukuran": "besar"})
    )
    assert response.status_code == 302


def test_several_choices_are_a_group_of_checkboxes(client, category):
    f.add_attribute(
        category,
        code="jenis",
        datatype="multivaluelist",
        description="Apa yang rusak?",
        values=[{"key": "aspal", "name": "Aspal"}, {"key": "bahu", "name": "Bahu jalan"}],
    )
    html = client.get(reverse("care:report")).content.decode()
    assert '<legend class="label">Apa yang rusak?</legend>' in html
    assert re.search(r'<label for="id_attribute_jalan-rusak_jenis_1"><input[^>]*value="bahu"', html)
    response = client.post(
        reverse("care:report"),
        form_data(category, **{"attribute_jalan-rusak_jenis": ["aspal", "bahu"]}),
    )
    assert response.status_code == 302
    assert Complaint.objects.get().attributes == {"jenis": ["aspal", "bahu"]}


def test_answers_are_shown_by_their_labels_to_staff_and_the_reporter(client, category):
    f.add_attribute(
        category,
        required=True,
        order=1,
        values=[
            {"key": "kecil", "name": "Kecil"},
            {"key": "besar", "name": "Besar (lebih dari 1 m)"},
        ],
    )
    f.add_attribute(
        category, code="panjang", datatype="number", description="Berapa meter?", order=2
    )
    f.add_attribute(
        category, code="saksi", datatype="string", description="Siapa saksinya?", order=3
    )
    submitted = f.submit(
        category, attributes={"ukuran": "besar", "panjang": "3", "saksi": "Pak Darto, RT 02"}
    )
    complaint = submitted.complaint
    assert [(a.question, a.answer) for a in presenters.attribute_answers(complaint)] == [
        ("Seberapa besar?", "Besar (lebih dari 1 m)"),
        ("Berapa meter?", "3"),
        ("Siapa saksinya?", "Pak Darto, RT 02"),
    ]
    verifier = f.make_verifier(username="verifikator")
    client.force_login(verifier)
    page = client.get(reverse("care:staff-detail", args=[complaint.tracking_number]))
    html = page.content.decode()
    assert "<dt>Seberapa besar?</dt><dd>Besar (lebih dari 1 m)</dd>" in html
    assert "<dt>ukuran</dt>" not in html and "<dd>besar</dd>" not in html
    api = client.get(f"/api/v1/care/staff/reports/{complaint.tracking_number}").json()
    assert api["answers"][0] == {"question": "Seberapa besar?", "answer": "Besar (lebih dari 1 m)"}
    client.logout()
    follow = client.get(reverse("care:follow", args=[submitted.secret])).content.decode()
    assert "<dt>Seberapa besar?</dt><dd>Besar (lebih dari 1 m)</dd>" in follow
    # The public page shows the choices and numbers once the report is public, never free
    # text (it may name people; the verifiers redact the title and description only).
    services.complaint_verify(complaint=complaint, by=verifier)
    public = client.get(reverse("care:public-detail", args=[complaint.tracking_number]))
    html = public.content.decode()
    assert "<dt>Seberapa besar?</dt><dd>Besar (lebih dari 1 m)</dd>" in html
    assert "<dt>Berapa meter?</dt><dd>3</dd>" in html
    assert "Pak Darto" in complaint.attributes["saksi"] and "Pak Darto" not in html


def test_the_agency_mail_shows_answers_by_their_labels(
    category, verifier, django_capture_on_commit_callbacks
):
    f.add_attribute(category, required=True)
    core.make_officer(category.agency, username="petugas", email="petugas@example.test")
    complaint = f.submit(category, attributes={"ukuran": "besar"}).complaint
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_disposition(complaint=complaint, by=verifier, agency=category.agency)
    bodies = [m.body for m in mail.outbox if "<petugas@example.test>" in m.to[0]]
    assert bodies and "Seberapa besar? Besar" in bodies[0]


# --- Evidence ---------------------------------------------------------------------------


def test_a_category_that_needs_evidence_asks_for_it_in_the_form(client, category):
    category.requires_evidence = True
    category.save()
    html = client.get(reverse("care:report")).content.decode()
    files = attrs(html, "id_files")
    assert files["data-required-for"] == "jalan-rusak"
    # Marked (the page's script shows the mark while such a category is chosen).
    assert "required-mark" in label_for(html, "id_files")
    response = client.post(reverse("care:report"), form_data(category))
    assert response.status_code == 200
    html = response.content.decode()
    assert attrs(html, "id_files")["aria-invalid"] == "true"
    assert attrs(html, "id_files")["aria-required"] == "true"
    assert (
        "Reports about “Jalan rusak” need evidence: attach at least one photo or document." in html
    )
    assert not Complaint.objects.exists()
    # Asked with the form's own errors, not only once the rest is right.
    html = client.post(reverse("care:report"), form_data(category, title="")).content.decode()
    assert '<a href="#id_title">' in html and '<a href="#id_files">' in html
    photo = SimpleUploadedFile("lubang.jpg", f.jpeg().read(), content_type="image/jpeg")
    response = client.post(reverse("care:report"), {**form_data(category), "files": photo})
    assert response.status_code == 302
    assert Complaint.objects.get().attachments.count() == 1


def test_evidence_is_the_services_rule_for_every_channel(category):
    category.requires_evidence = True
    category.save()
    with pytest.raises(services.InvalidComplaint) as exc:
        f.submit(category)
    assert exc.value.extra["fields"] == {
        "files": "Reports about “Jalan rusak” need evidence: attach at least one photo or document."
    }
    assert f.submit(category, files=[f.jpeg()]).complaint.attachments.count() == 1
    # An app may give a media URL instead (Open311's media_url).
    assert f.submit(category, media_url="https://example.test/lubang.jpg").complaint.pk


def test_a_category_without_the_flag_needs_no_evidence(client, category):
    html = client.get(reverse("care:report")).content.decode()
    assert "data-required-for" not in attrs(html, "id_files")
    assert "required-mark" not in label_for(html, "id_files")
    assert client.post(reverse("care:report"), form_data(category)).status_code == 302


def test_a_hidden_fields_error_is_named_in_the_citizens_language(client, category):
    client.cookies.load({"s2c_language": "id"})
    response = client.post(reverse("care:report"), form_data(category, latitude="utara"))
    html = response.content.decode()
    assert "<li>Lintang: Masukkan sebuah bilangan.</li>" in html


def test_the_api_and_open311_ask_for_evidence_too(client, category, province_admin):
    category.requires_evidence = True
    category.save()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    report = {
        "category": category.code,
        "title": "Jalan berlubang di Sudirman",
        "description": "Lubang besar, motor sering jatuh di malam hari.",
        "email": "warga@example.test",
    }
    refused = client.post("/api/v1/care/reports", report)
    assert refused.json()["error"]["details"]["fields"] == {
        "files": "Reports about “Jalan rusak” need evidence: attach at least one photo or document."
    }
    assert client.get("/api/v1/care/categories").json()[0]["requires_evidence"] is True
    sent = client.post("/api/v1/care/reports", {**report, "files": [f.jpeg()]})
    assert sent.status_code == 201
    key = services.api_key_issue(by=province_admin, name="Aplikasi Warga").key
    request = {
        "api_key": key,
        "service_code": category.code,
        "lat": "-2.99",
        "long": "104.76",
        "description": "Lubang besar di tikungan, motor sering jatuh.",
        "email": "app-user@example.test",
    }
    open311 = reverse("care:open311-requests", args=["json"])
    assert client.post(open311, request).status_code == 400
    with_media = {**request, "media_url": "https://example.test/lubang.jpg"}
    assert client.post(open311, with_media).status_code == 201
