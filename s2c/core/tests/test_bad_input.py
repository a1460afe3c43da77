"""Bad numbers and unreadable bodies are the client's mistake: core's one coordinate parser
and the malformed-body guard answer 400 in the place's format, never 500."""

import pytest

from s2c.core import coordinates

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "axis", "expected"),
    [
        ("", "latitude", None),
        (None, "latitude", None),
        ("  ", "longitude", None),
        ("-2.99", "latitude", -2.99),
        (" 104.76 ", "longitude", 104.76),
        ("-90", "latitude", -90.0),
        ("180", "longitude", 180.0),
    ],
)
def test_parse_reads_a_coordinate(raw, axis, expected):
    assert coordinates.parse(raw, axis) == expected


@pytest.mark.parametrize(
    ("raw", "axis", "message"),
    [
        ("inf", "latitude", "latitude must be a number."),
        ("-inf", "longitude", "longitude must be a number."),
        ("nan", "latitude", "latitude must be a number."),
        ("1e999", "latitude", "latitude must be a number."),
        ("x", "latitude", "latitude must be a number."),
        ("90.0001", "latitude", "latitude must be from -90 to 90."),
        ("-181", "longitude", "longitude must be from -180 to 180."),
    ],
)
def test_parse_refuses_what_is_not_on_the_globe(raw, axis, message):
    with pytest.raises(coordinates.InvalidCoordinate) as exc:
        coordinates.parse(raw, axis)
    assert (str(exc.value.message), exc.value.status_code) == (message, 400)


MULTIPART_WITHOUT_BOUNDARY = "multipart/form-data"
MULTIPART_BROKEN = "multipart/form-data; boundary=x"


@pytest.mark.parametrize(
    "content_type", [MULTIPART_WITHOUT_BOUNDARY, "multipart/form-data; boundary="]
)
@pytest.mark.parametrize("path", ["/api/v1/care/reports", "/api/v1/portal/services/nope/feedback"])
def test_api_answers_an_unreadable_multipart_body_with_400_in_its_shape(client, path, content_type):
    response = client.post(path, b"--x\r\nbroken", content_type=content_type)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert "multipart/form-data" in response.json()["error"]["message"]


def test_api_answers_a_put_without_boundary_with_400(client):
    response = client.put("/api/v1/care/reports", b"x", content_type=MULTIPART_WITHOUT_BOUNDARY)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("path", ["/lapor/", "/masuk/", "/lupa-sandi/", "/cari/"])
def test_a_page_answers_an_unreadable_multipart_body_with_the_400_page(client, path):
    response = client.post(path, b"x", content_type=MULTIPART_WITHOUT_BOUNDARY)
    assert response.status_code == 400
    assert "core/errors/400.html" in [t.name for t in response.templates]


def test_a_readable_multipart_body_still_reaches_the_view(client):
    response = client.post("/api/v1/care/reports", {"category": "nope"})  # multipart
    assert response.status_code == 422


@pytest.mark.parametrize(
    "params",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
    ],
)
def test_the_audit_log_refuses_a_day_at_the_end_of_the_calendar(client, params):
    from s2c.core.tests import factories

    client.force_login(factories.make_superuser())
    response = client.get("/staf/audit/", params, headers={"accept-language": "en"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == set(params)
    assert "Ensure this value is" in str(form.errors)


LATIN1_FORM = "application/x-www-form-urlencoded; charset=latin-1"


def test_api_answers_a_form_in_another_charset_with_400_in_its_shape(client):
    response = client.post("/api/v1/care/reports", "title=café", content_type=LATIN1_FORM)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert "UTF-8" in response.json()["error"]["message"]


def test_a_page_answers_a_form_in_another_charset_with_the_400_page(client):
    response = client.post("/cari/", "q=café", content_type=LATIN1_FORM)
    assert response.status_code == 400
    assert "core/errors/400.html" in [t.name for t in response.templates]


# A body larger than S2C_MAX_REQUEST_BYTES is refused before anything reads it (a 300 MB
# upload was spooled to disk first).
TOO_LARGE = {"CONTENT_LENGTH": str(300 * 1024 * 1024)}


def test_the_default_cap_leaves_room_for_a_report_with_five_files(settings):
    assert settings.S2C_MAX_REQUEST_BYTES > 5 * settings.S2C_UPLOAD_MAX_BYTES


def test_api_refuses_a_body_too_large_with_413_in_its_shape(client):
    response = client.post(
        "/api/v1/care/reports", {"title": "x"}, headers={"accept-language": "id"}, **TOO_LARGE
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "request_too_large"
    assert error["message"] == "Permintaan terlalu besar: kirim paling banyak 51 MB sekaligus."


def test_open311_refuses_a_body_too_large_in_its_format(client):
    response = client.post("/open311/v2/requests.json", {"api_key": "x"}, **TOO_LARGE)
    assert response.status_code == 413
    assert response.json()[0]["code"] == 413


def test_a_page_refuses_a_body_too_large_with_the_413_page(client):
    response = client.post("/lapor/", {"title": "x"}, **TOO_LARGE)
    assert response.status_code == 413
    assert "core/errors/413.html" in [t.name for t in response.templates]


def test_a_real_body_over_a_lower_cap_is_refused_and_one_under_it_is_not(client, settings):
    settings.S2C_MAX_REQUEST_BYTES = 1000
    big = client.post("/cari/", {"q": "x" * 2000})
    assert big.status_code == 413
    small = client.post("/api/v1/care/reports", {"q": "x"})
    assert small.status_code != 413
