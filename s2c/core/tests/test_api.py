"""The JSON API root: core's endpoints, pagination, schemas, OpenAPI, and the one error
shape for every kind of failure."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.test import Client, override_settings
from django.urls import path
from ninja import Router

from s2c.api import build_api, urls
from s2c.core import api_auth, pagecache, search
from s2c.core.api_throttle import CallerRateThrottle, parse_rate
from s2c.core.errors import ApplicationError, Conflict
from s2c.core.models import Agency, Region
from s2c.core.permissions import Visibility
from s2c.core.search.tests.factories import document_type
from s2c.core.tests import factories as f

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}

# A second API with endpoints that fail on purpose, built like the real one.
failing = Router()


@failing.get("/conflict")
def conflict(request):
    raise Conflict("The letter was already signed.", extra={"state": "signed"})


@failing.get("/app-error")
def app_error(request):
    raise ApplicationError("Bad idea.", code="bad_idea")


@failing.get("/http404")
def http404(request):
    raise Http404("secret detail")


@failing.get("/forbidden")
def forbidden(request):
    raise DjangoPermissionDenied("secret detail")


@failing.get("/boom")
def boom(request):
    raise RuntimeError("secret traceback detail")


@failing.get("/number/{n}")
def number(request, n: int):
    return {"n": n}


@failing.post("/signed-in", auth=api_auth.signed_in)
def signed_in_only(request):
    return {"user": request.auth.username}


@failing.post("/who")
def who(request):
    user = api_auth.acting_user(request)
    return {"user": user.username if user.is_authenticated else None}


@failing.get("/limited", throttle=CallerRateThrottle("2/min", scope="test"))
def limited(request):
    return {"ok": True}


ANSWERS = {"n": 0}


@failing.get("/cached", throttle=CallerRateThrottle("3/min", scope="test-cached"))
@pagecache.public_answer
def cached(request):
    ANSWERS["n"] += 1
    return {"answer": ANSWERS["n"]}


test_api = build_api(namespace="api-test", routers={"t": failing})
urlpatterns = [path("api/v1/", urls(test_api))]
handler404 = "s2c.core.views.errors.page_not_found"
handler500 = "s2c.core.views.errors.server_error"
on_test_api = pytest.mark.urls(__name__)


def error(code, message, details=None):
    return {"error": {"code": code, "message": message, "details": details or {}}}


# --- Regions -----------------------------------------------------------------------------


@pytest.fixture
def regions(db):
    return [
        f.make_region(code="1601", name="Ogan Komering Ulu", capital="Baturaja", latitude="-4.122"),
        f.make_region(code="1671", name="Palembang", kind=Region.Kind.KOTA, capital="Palembang"),
    ]


def test_region_list_is_paginated_with_explicit_fields(client, regions):
    response = client.get("/api/v1/regions")
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "page": 1,
        "page_size": 20,
        "pages": 1,
        "results": [
            {
                "code": "1601",
                "name": "Ogan Komering Ulu",
                "kind": "kabupaten",
                "display_name": "Kabupaten Ogan Komering Ulu",
                "capital": "Baturaja",
                "latitude": -4.122,
                "longitude": None,
            },
            {
                "code": "1671",
                "name": "Palembang",
                "kind": "kota",
                "display_name": "Kota Palembang",
                "capital": "Palembang",
                "latitude": None,
                "longitude": None,
            },
        ],
    }


def test_region_detail_and_unknown_code(client, regions):
    assert client.get("/api/v1/regions/1671").json()["display_name"] == "Kota Palembang"
    response = client.get("/api/v1/regions/9999", headers=EN)
    assert response.status_code == 404
    assert response.json() == error("not_found", "There is no region with this code.")


# --- Agencies ----------------------------------------------------------------------------


@pytest.fixture
def agencies(regions):
    palembang = regions[1]
    parent = f.make_agency(
        code="setda", short_name="Setda", name="Sekretariat Daerah", kind="sekretariat"
    )
    return {
        "diskominfo": f.make_agency(
            code="diskominfo",
            short_name="Diskominfo",
            name="Dinas Komunikasi dan Informatika",
            region=palembang,
            parent=parent,
            mandate="Informatika",
        ),
        "bapenda": f.make_agency(
            code="bapenda", short_name="Bapenda", name="Badan Pendapatan Daerah", kind="badan"
        ),
        "closed": f.make_agency(code="lama", short_name="Lama", name="Dinas Lama", is_active=False),
        "setda": parent,
    }


def test_agency_list_fields_and_filters(client, agencies):
    everything = client.get("/api/v1/agencies").json()
    assert everything["count"] == 3  # the inactive agency is not public
    assert [a["code"] for a in everything["results"]] == ["bapenda", "diskominfo", "setda"]
    diskominfo = everything["results"][1]
    assert diskominfo == {
        "code": "diskominfo",
        "short_name": "Diskominfo",
        "name": "Dinas Komunikasi dan Informatika",
        "name_en": "",
        "kind": "dinas",
        "region": "1671",
        "parent": "setda",
        "website_domain": "",
        "phone": "",
        "email": "",
        "is_active": True,
    }
    assert [a["code"] for a in client.get("/api/v1/agencies?kind=badan").json()["results"]] == [
        "bapenda"
    ]
    by_region = client.get("/api/v1/agencies?region=1671").json()["results"]
    assert [a["code"] for a in by_region] == ["diskominfo"]
    by_text = client.get("/api/v1/agencies?q=pendapatan").json()["results"]
    assert [a["code"] for a in by_text] == ["bapenda"]


def test_province_admin_also_sees_inactive_agencies(client, agencies, province_admin):
    client.force_login(province_admin)
    assert client.get("/api/v1/agencies").json()["count"] == 4
    assert client.get("/api/v1/agencies/lama").json()["is_active"] is False


def test_agency_detail(client, agencies):
    body = client.get("/api/v1/agencies/diskominfo").json()
    assert body["mandate"] == "Informatika"
    assert set(body) == {
        "code", "short_name", "name", "name_en", "kind", "region", "parent", "website_domain",
        "phone", "email", "is_active", "mandate", "head_name", "head_title", "address",
        "latitude", "longitude",
    }  # fmt: skip
    hidden = client.get("/api/v1/agencies/lama", headers=EN)
    assert hidden.status_code == 404
    assert hidden.json() == error("not_found", "There is no agency with this code.")


def test_agency_list_makes_a_fixed_number_of_queries(client, agencies, django_assert_num_queries):
    for _ in range(10):
        f.make_agency(region=agencies["diskominfo"].region, parent=agencies["setda"])
    # The API limit's counter (one UPDATE in the shared counters table), then the count and
    # one page with regions and parents joined.
    with django_assert_num_queries(3):
        assert client.get("/api/v1/agencies?page_size=100").json()["count"] == 13


# --- Pagination ---------------------------------------------------------------------------


def test_pagination_pages_and_limits(client, db):
    for i in range(5):
        f.make_agency(code=f"a{i}", name=f"Agency {i}")
    second = client.get("/api/v1/agencies?page=2&page_size=2").json()
    assert {k: second[k] for k in ("count", "page", "page_size", "pages")} == {
        "count": 5, "page": 2, "page_size": 2, "pages": 3,
    }  # fmt: skip
    assert [a["code"] for a in second["results"]] == ["a2", "a3"]
    past_the_end = client.get("/api/v1/agencies?page=9&page_size=2").json()
    assert past_the_end["results"] == []
    assert past_the_end["pages"] == 3
    too_big = client.get("/api/v1/agencies?page_size=101", headers=EN)
    assert too_big.status_code == 422
    assert too_big.json() == error(
        "validation_error",
        "Some values in the request are not valid.",
        {"page_size": ["Input should be less than or equal to 100"]},
    )
    zero = client.get("/api/v1/agencies?page=0", headers=EN)
    assert zero.json()["error"]["details"] == {
        "page": ["Input should be greater than or equal to 1"]
    }


# --- Search ----------------------------------------------------------------------------------


@pytest.fixture
def test_page_type():
    """A search type of its own (only registered types are searched)."""
    search.register(document_type("test.page", "Test pages"))
    yield
    search.unregister("test.page")


@pytest.fixture
def indexed(agencies, regions, test_page_type):
    diskominfo = agencies["diskominfo"]

    def put(object_id, title, visibility=Visibility.PUBLIC, agency=None, region=None):
        search.index_document(
            type="test.page",
            object_id=object_id,
            document=search.Document(
                title=title,
                body=f"{title} pelayanan publik",
                url=f"/halaman/{object_id}/",
                visibility=visibility,
                agency_id=agency.pk if agency else None,
                region_id=region.pk if region else None,
            ),
        )

    put(1, "Perpanjang STNK di Samsat", agency=agencies["bapenda"], region=regions[1])
    put(2, "Pajak kendaraan bermotor", agency=agencies["bapenda"])
    put(3, "Rapat internal pajak", visibility=Visibility.AGENCY, agency=diskominfo)
    return agencies


def test_search_returns_visible_hits_with_codes_and_facets(client, indexed):
    body = client.get("/api/v1/search?q=pajak").json()
    assert body["count"] == 1
    assert body["query"] == "pajak"
    assert [(h["title"], h["agency"], h["region"]) for h in body["results"]] == [
        ("Pajak kendaraan bermotor", "bapenda", None)
    ]
    assert body["results"][0]["url"] == "/halaman/2/"
    assert "<mark>" in body["results"][0]["snippet"]
    assert body["facets"]["agency"] == [{"key": "bapenda", "label": "Bapenda", "count": 1}]
    assert set(body) == {
        "count", "page", "page_size", "pages", "query", "suggestion", "corrected",
        "matched_all", "mentioned_only", "capped", "results", "facets",
    }  # fmt: skip
    assert (body["mentioned_only"], body["results"][0]["similar"]) == (False, 0)


def test_search_shows_staff_their_agency_documents(client, indexed):
    staff = f.make_officer(indexed["diskominfo"])
    client.force_login(staff)
    titles = [h["title"] for h in client.get("/api/v1/search?q=pajak").json()["results"]]
    assert sorted(titles) == ["Pajak kendaraan bermotor", "Rapat internal pajak"]


def test_search_filters_by_agency_and_region_codes(client, indexed):
    by_region = client.get("/api/v1/search?q=pelayanan&region=1671").json()
    assert [h["title"] for h in by_region["results"]] == ["Perpanjang STNK di Samsat"]
    by_agency = client.get("/api/v1/search?q=pelayanan&agency=bapenda").json()
    assert by_agency["count"] == 2
    unknown = client.get("/api/v1/search?q=pajak&agency=tidak-ada&region=0000", headers=EN)
    assert unknown.status_code == 422
    assert unknown.json() == error(
        "validation_error",
        "Some values in the request are not valid.",
        {
            "agency": ["There is no agency with this code."],
            "region": ["There is no region with this code."],
        },
    )


def test_public_search_answers_are_reused_whole_until_the_index_changes(
    client, indexed, django_assert_num_queries
):
    first = client.get("/api/v1/search?q=pajak")
    with django_assert_num_queries(1) as queries:  # the API limit's counter, nothing else
        again = client.get("/api/v1/search?q=pajak")
    assert "core_counter" in queries.captured_queries[0]["sql"]
    assert again.status_code == 200 and again["Content-Type"] == "application/json"
    assert again.json() == first.json()
    # Rendered without Ninja's validation, it still is exactly what the schema says.
    from s2c.core.api import SearchOut

    assert SearchOut.model_validate(first.json()).model_dump(mode="json") == first.json()
    # Another language, page or filter is another answer.
    english = client.get("/api/v1/search?q=pajak&page_size=5", headers=EN).json()
    assert english["page_size"] == 5
    # Staff never get the public answer, and their own answer is not kept for others.
    staff = f.make_officer(indexed["diskominfo"])
    client.force_login(staff)
    assert client.get("/api/v1/search?q=pajak").json()["count"] == 2
    client.logout()
    assert client.get("/api/v1/search?q=pajak").json()["count"] == 1
    # An index write drops the kept answers at once.
    search.index_document(
        type="test.page",
        object_id=4,
        document=search.Document(title="Pajak air permukaan", url="/halaman/4/"),
    )
    assert client.get("/api/v1/search?q=pajak").json()["count"] == 2


# --- The error shape for every failure -------------------------------------------------------


def test_unknown_api_url_is_a_json_404(client):
    response = client.get("/api/v1/tidak-ada", headers=EN)
    assert response.status_code == 404
    assert response.json() == error("not_found", "The requested resource was not found.")


def test_error_messages_follow_the_request_language(client):
    english = client.get("/api/v1/agencies/tidak-ada", headers=EN).json()
    indonesian = client.get("/api/v1/agencies/tidak-ada", headers={"accept-language": "id"})
    assert english["error"]["message"] == "There is no agency with this code."
    assert indonesian["Content-Language"] == "id"


def test_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/regions", headers=EN)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == error(
        "method_not_allowed", "This HTTP method is not allowed here.", {"allowed": ["GET"]}
    )


@on_test_api
def test_application_errors_keep_their_status_code_and_details(client):
    response = client.get("/api/v1/t/conflict")
    assert response.status_code == 409
    assert response.json() == error(
        "conflict", "The letter was already signed.", {"state": "signed"}
    )
    other = client.get("/api/v1/t/app-error")
    assert other.status_code == 400
    assert other.json() == error("bad_idea", "Bad idea.")


@on_test_api
def test_not_found_and_forbidden_never_leak_details(client):
    assert client.get("/api/v1/t/http404", headers=EN).json() == error(
        "not_found", "The requested resource was not found."
    )
    forbidden = client.get("/api/v1/t/forbidden", headers=EN)
    assert forbidden.status_code == 403
    assert forbidden.json() == error("permission_denied", "You do not have permission to do this.")


@on_test_api
def test_unexpected_errors_are_logged_and_answered_generically(client, caplog):
    response = client.get("/api/v1/t/boom", headers=EN)
    assert response.status_code == 500
    assert response.json() == error(
        "server_error",
        "Something went wrong on our side. The error has been logged; please try again later.",
    )
    assert "secret traceback detail" not in response.content.decode()
    assert "Unhandled error in GET /api/v1/t/boom" in caplog.text
    assert "secret traceback detail" in caplog.text


@on_test_api
def test_path_validation_error(client):
    response = client.get("/api/v1/t/number/abc", headers=EN)
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {
        "n": ["Input should be a valid integer, unable to parse string as an integer"]
    }


@on_test_api
def test_sign_in_required_is_a_json_401(client):
    response = client.post("/api/v1/t/signed-in", headers=EN)
    assert response.status_code == 401
    assert response.json() == error(
        "not_authenticated", "Sign in, or send credentials, to use this endpoint."
    )


@on_test_api
def test_session_auth_checks_csrf_on_unsafe_methods(officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    refused = browser.post("/api/v1/t/signed-in", headers=EN)
    assert refused.status_code == 403
    assert refused.json() == error(
        "csrf_failed", "The request was refused because its CSRF token is missing or wrong."
    )
    token = "a" * 32  # the browser's CSRF cookie, echoed in the header as forms do
    browser.cookies["csrftoken"] = token
    accepted = browser.post("/api/v1/t/signed-in", headers={"x-csrftoken": token})
    assert accepted.status_code == 200
    assert accepted.json() == {"user": "officer"}
    # A public endpoint does not trust a session on an unsafe method without the token.
    browser.cookies["csrftoken"] = token
    assert browser.post("/api/v1/t/who").status_code == 403
    assert browser.post("/api/v1/t/who", headers={"x-csrftoken": token}).json() == {
        "user": "officer"
    }


@on_test_api
def test_a_registered_resolver_authenticates_apps(officer, monkeypatch):
    monkeypatch.setattr(api_auth, "_resolvers", [])

    def from_key(request):
        return officer if request.headers.get("x-api-key") == "kunci-rahasia" else None

    api_auth.register_resolver(from_key)
    app = Client(enforce_csrf_checks=True)
    assert app.post("/api/v1/t/signed-in", headers={"x-api-key": "kunci-rahasia"}).json() == {
        "user": "officer"
    }
    assert app.post("/api/v1/t/signed-in", headers={"x-api-key": "salah"}).status_code == 401


@on_test_api
def test_throttled_requests_get_429_with_retry_after(client):
    assert client.get("/api/v1/t/limited").status_code == 200
    assert client.get("/api/v1/t/limited").status_code == 200
    response = client.get("/api/v1/t/limited", headers=EN)
    assert response.status_code == 429
    body = response.json()
    assert body["error"]["code"] == "throttled"
    assert body["error"]["message"] == "Too many requests. Please wait a moment and try again."
    assert body["error"]["details"]["retry_after"] == int(response["Retry-After"])
    assert 1 <= body["error"]["details"]["retry_after"] <= 60


@on_test_api
def test_a_client_cannot_escape_the_limit_with_a_forged_forwarded_for(client):
    codes = [
        client.get("/api/v1/t/limited", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 429, 429]


@on_test_api
def test_clients_behind_a_trusted_proxy_are_counted_apart(db):
    with override_settings(S2C_TRUSTED_PROXY_COUNT=1):
        app = Client()  # its middleware reads the setting when it starts

        def ask(address):
            return app.get("/api/v1/t/limited", HTTP_X_FORWARDED_FOR=address).status_code

        assert [ask("203.0.113.7"), ask("203.0.113.7"), ask("203.0.113.7")] == [200, 200, 429]
        assert ask("203.0.113.8") == 200  # another client behind the same proxy


@on_test_api
def test_signed_in_callers_are_counted_by_user_not_address(client, officer, province_admin):
    for user in (officer, province_admin):
        client.force_login(user)
        codes = [client.get("/api/v1/t/limited").status_code for _ in range(3)]
        assert codes == [200, 200, 429]


BENCH_KEY = "k" * 40


@on_test_api
def test_the_rate_limit_exempt_key_lifts_the_limit_only_when_set_and_sent(client, settings):
    exempt = {"X-S2C-Rate-Limit-Key": BENCH_KEY}
    # Not set (the default): the header changes nothing.
    assert [client.get("/api/v1/t/limited", headers=exempt).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    settings.S2C_RATE_LIMIT_EXEMPT_KEY = BENCH_KEY
    assert [client.get("/api/v1/t/limited", headers=exempt).status_code for _ in range(5)] == [
        200
    ] * 5
    wrong = {"X-S2C-Rate-Limit-Key": "k" * 39 + "x"}
    assert client.get("/api/v1/t/limited", headers=wrong).status_code == 429
    assert client.get("/api/v1/t/limited").status_code == 429


@on_test_api
def test_an_exempt_request_writes_no_counter(client, settings, django_assert_num_queries):
    settings.S2C_RATE_LIMIT_EXEMPT_KEY = BENCH_KEY
    client.get("/api/v1/t/limited")  # warm-up: sessions, content types
    with django_assert_num_queries(0):
        client.get("/api/v1/t/limited", headers={"X-S2C-Rate-Limit-Key": BENCH_KEY})
    with django_assert_num_queries(1):  # the counter's upsert
        client.get("/api/v1/t/limited")


@on_test_api
def test_a_public_answer_is_kept_for_anonymous_callers_and_still_counted(client):
    first = client.get("/api/v1/t/cached").json()["answer"]
    assert client.get("/api/v1/t/cached").json() == {"answer": first}  # from the cache
    assert client.get("/api/v1/t/cached").json() == {"answer": first}
    assert client.get("/api/v1/t/cached").status_code == 429  # the limit counts cached ones
    assert ANSWERS["n"] == first


@on_test_api
def test_a_public_answer_is_made_again_after_a_change_and_for_signed_in_callers(client, officer):
    first = client.get("/api/v1/t/cached").json()["answer"]
    pagecache.bump()
    assert client.get("/api/v1/t/cached").json() == {"answer": first + 1}
    client.force_login(officer)
    assert client.get("/api/v1/t/cached").json() == {"answer": first + 2}
    assert client.get("/api/v1/t/cached").json() == {"answer": first + 3}


def test_public_api_lists_are_answered_from_the_cache(client, regions, django_assert_num_queries):
    client.get("/api/v1/regions")
    client.get("/api/v1/agencies")
    with django_assert_num_queries(1):  # the rate limit's counter, nothing else
        assert client.get("/api/v1/regions").json()["count"] == 2
    with django_assert_num_queries(1):
        assert client.get("/api/v1/agencies").status_code == 200


@pytest.mark.parametrize(
    "rate, expected",
    [
        ("600/min", (600, 60)),
        ("10/5s", (10, 5)),
        ("1000/day", (1000, 86400)),
        ("3/hour", (3, 3600)),
    ],
)
def test_rates_are_read_as_documented(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["600", "x/min", "10/fortnight", ""])
def test_a_bad_rate_is_refused_at_start(rate):
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate(rate)


# --- OpenAPI and docs ---------------------------------------------------------------------------


def test_openapi_document_loads(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "S2C API"
    assert schema["info"]["version"] == "1"
    for expected in ("/api/v1/regions", "/api/v1/agencies/{code}", "/api/v1/search"):
        assert expected in schema["paths"]
    agency_out = schema["components"]["schemas"]["AgencyOut"]["properties"]
    assert "id" not in agency_out
    assert "logo" not in agency_out
    # Enums are inline: another app's "Kind" cannot replace the agencies' kinds.
    assert agency_out["kind"]["enum"] == list(Agency.Kind.values)
    region_out = schema["components"]["schemas"]["RegionOut"]["properties"]
    assert region_out["kind"]["enum"] == ["kabupaten", "kota"]


def test_docs_page_is_an_s2c_page_without_cdn(client):
    response = client.get("/api/v1/docs", headers=EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>API for developers</h1>" in html
    assert "<code>GET /api/v1/agencies</code>" in html
    assert "cdn" not in html.lower()
    assert 'href="/api/v1/openapi.json"' in html
    assert "sekretariat | dinas | badan" in html


def test_agency_kind_filter_is_validated(client):
    response = client.get("/api/v1/agencies?kind=warung", headers=EN)
    assert response.status_code == 422
    assert list(response.json()["error"]["details"]) == ["kind"]
    assert Agency.objects.count() == 0
