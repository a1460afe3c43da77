"""The furniture every service's views use: the page wrappers, the client address,
errors on forms, paging and conditional GETs."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from ninja import Schema

from s2c.core import permissions
from s2c.core.api_pagination import PageIn, paginate_items
from s2c.core.conditional import conditional_json
from s2c.core.errors import ApplicationError, NotFound, PermissionDenied
from s2c.core.forms import apply_error
from s2c.core.middleware import client_ip
from s2c.core.paging import MAX_PAGE, page_number, page_of, window_of
from s2c.core.views.decorators import public_view, staff_required

rf = RequestFactory()


def _request(user=None, path="/x/", **get):
    request = rf.get(path, get)
    request.user = user if user is not None else AnonymousUser()
    return request


def _raising(exc):
    def view(request):
        raise exc

    return view


def test_public_view_turns_service_errors_into_pages():
    with pytest.raises(Http404):
        public_view(_raising(NotFound("gone")))(_request())
    with pytest.raises(DjangoPermissionDenied):
        public_view(_raising(PermissionDenied("no")))(_request())
    with pytest.raises(ApplicationError):  # other refusals are the view's to show
        public_view(_raising(ApplicationError("bad")))(_request())
    assert public_view(lambda request: HttpResponse("ok"))(_request()).content == b"ok"


@pytest.mark.django_db
def test_staff_required_signs_in_refuses_checks_and_maps_errors(officer, citizen):
    view = staff_required(lambda request: HttpResponse("ok"))
    anonymous = view(_request(path="/staf/x/"))
    assert (anonymous.status_code, anonymous["Location"]) == (302, "/masuk/?next=/staf/x/")
    with pytest.raises(DjangoPermissionDenied):
        view(_request(citizen))
    assert view(_request(officer)).content == b"ok"
    checked = staff_required(check=permissions.is_province_admin)(lambda r: HttpResponse())
    with pytest.raises(DjangoPermissionDenied):
        checked(_request(officer))
    with pytest.raises(Http404):
        staff_required(_raising(NotFound("gone")))(_request(officer))
    with pytest.raises(DjangoPermissionDenied):
        staff_required(_raising(PermissionDenied("no")))(_request(officer))


def test_client_ip_reads_the_resolved_address():
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == ""


class _Form(forms.Form):
    name = forms.CharField(required=False)
    email = forms.CharField(required=False)


def _errors(exc, **kwargs):
    form = _Form({})
    form.is_valid()
    apply_error(form, exc, **kwargs)
    return form.errors


def test_apply_error_places_messages_beside_their_fields():
    fields = {"fields": {"name": ["Too long.", "Odd."], "contact": "Give an address."}}
    exc = ApplicationError("Correct the fields.", extra=fields)
    assert _errors(exc) == {"name": ["Too long.", "Odd."], "__all__": ["Give an address."]}
    assert _errors(exc, field_names={"contact": "email"}) == {
        "name": ["Too long.", "Odd."],
        "email": ["Give an address."],
    }
    assert _errors(ApplicationError("No.")) == {"__all__": ["No."]}
    assert _errors(ApplicationError("No."), field="email") == {"email": ["No."]}
    only_elsewhere = ApplicationError("Correct.", extra={"fields": {"x": ["Bad."]}})
    assert _errors(only_elsewhere) == {"__all__": ["Bad.", "Correct."]}


def test_page_of_and_window_of():
    rows = list(range(45))
    assert page_of(_request(page="3"), rows, 20).object_list == list(range(40, 45))
    assert page_of(_request(page="x"), rows, 20).number == 1
    window = window_of(_request(page="2"), rows, 20)
    assert (window.number, window.has_next, window.has_previous) == (2, True, True)
    assert window.object_list == list(range(20, 40))
    assert window_of(_request(page="3"), rows, 20).has_next is False
    assert window_of(_request(page="-4"), rows, 20).number == 1
    assert page_number(_request(page="99"), last=50) == 50
    assert page_number(_request(page=""), last=50) == 1


def test_paginate_items_builds_the_envelope():
    data = paginate_items(
        list(range(45)), PageIn(page=3, page_size=20), results=lambda xs: [x * 2 for x in xs]
    )
    assert data == {
        "count": 45,
        "page": 3,
        "page_size": 20,
        "pages": 3,
        "results": [80, 82, 84, 86, 88],
    }


class _Out(Schema):
    name: str


def test_conditional_json_answers_304_for_a_known_tag():
    first = conditional_json(_request(), _Out, {"name": "a"})
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert first["Cache-Control"] == "public, max-age=60"
    again = conditional_json(rf.get("/", HTTP_IF_NONE_MATCH=first["ETag"]), _Out, {"name": "a"})
    assert (again.status_code, again["ETag"]) == (304, first["ETag"])
    changed = conditional_json(rf.get("/", HTTP_IF_NONE_MATCH=first["ETag"]), _Out, {"name": "b"})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


HUGE = "9" * 23  # past the database's 64-bit offset


@pytest.mark.django_db
def test_a_huge_page_number_is_an_empty_page_not_an_error():
    request = RequestFactory().get("/", {"page": HUGE})
    assert page_number(request) == MAX_PAGE
    window = window_of(request, permissions.Agency.objects.order_by("pk"), 20)
    assert (window.object_list, window.has_next) == ([], False)
    assert page_of(request, permissions.Agency.objects.order_by("pk"), 20).number >= 1


def _paged_lists(client) -> list[str]:
    """Every GET list in the OpenAPI document that takes ``page`` (every service's)."""
    document = client.get("/api/v1/openapi.json").json()
    return [
        path
        for path, operations in document["paths"].items()
        if "{" not in path
        and any(p["name"] == "page" for p in operations.get("get", {}).get("parameters", []))
    ]


@pytest.mark.django_db
def test_every_api_list_refuses_a_huge_page_clearly(client, province_admin):
    client.force_login(province_admin)
    lists = _paged_lists(client)
    assert {"/api/v1/agencies", "/api/v1/care/reports"} <= set(lists)
    for path in lists:
        answer = client.get(path, {"page": HUGE}, headers={"accept-language": "id"})
        assert answer.status_code == 422, (path, answer.status_code)
        error = answer.json()["error"]
        assert (error["code"], error["message"]) == (
            "validation_error",
            "Beberapa nilai dalam permintaan tidak valid.",
        )
        assert "page" in error["details"]
        last = client.get(path, {"page": MAX_PAGE})
        assert last.status_code == 200, (path, last.status_code)
        assert last.json()["results"] == []
