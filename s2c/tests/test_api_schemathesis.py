"""Schemathesis over every /api/v1 operation, in-process (the project's WSGI application,
the test database): generated and hostile requests built from the API's own OpenAPI
document, each answer checked for a 500 and against the document (status declared,
content type, body matching the schema). Open311 has no OpenAPI document: see
s2c/care/tests/test_hostile_input.py.

Examples per operation are few (``EXAMPLES``) to keep the run under a minute on two
cores; ``S2C_SCHEMATHESIS_EXAMPLES=200`` runs a longer search."""

from __future__ import annotations

import os

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from django.conf import settings as dj_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from s2c.care.tests import factories as care
from s2c.core.tests import factories
from s2c.portal.tests import factories as gov

EXAMPLES = int(os.environ.get("S2C_SCHEMATHESIS_EXAMPLES", "12"))
HEADERS = {"Accept-Language": "en"}
# Zero 500s, and every answer as the document says (a declared status, its content type,
# a body matching its schema). Not schemathesis' guesses at meaning (whether a
# well-formed but unknown agency code "should" be accepted).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _seed():
    """A little of everything, so that lists answer items for the schema to check."""
    region = factories.make_region(code="1671", name="Palembang", kind="kota")
    agency = factories.make_agency(code="diskominfo", short_name="Diskominfo", region=region)
    gov.make_service(agency, code="izin-usaha")
    gov.make_endpoint(agency)
    category = care.make_category(agency=agency, code="jalan-rusak", name="Jalan rusak")
    care.add_attribute(category)
    verifier = care.make_verifier(username="verifikator")
    care.make_complaint(category, status="verified", verifier=verifier)


def _checker(operation, mode, headers):
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    return check


def _wsgi_app():
    """Django's real WSGI handler, less the closing of old database connections around
    each request: inside the test's transaction on PostgreSQL that would close the test's
    own connection (Django's test client unhooks the same signals, and hooks them again
    after each of its own requests, so this does it at every call)."""
    app = get_wsgi_application()

    def wrapped(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return app(environ, start_response)

    return wrapped


@pytest.fixture
def keep_the_test_connection():
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_api_operation_answers_by_its_document(settings, client, keep_the_test_connection):
    """Each operation in turn (schemathesis' own pytest plugin does not run on pytest 9),
    a failure naming the operation and the case to repeat it."""
    settings.S2C_API_RATE = "100000/min"  # the generator is no attack: no 429 noise
    _seed()
    for path in ("/api/v1/care/reports", "/api/v1/portal/services", "/api/v1/portal/status"):
        assert Client().get(path).json()["count"] >= 1, path
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _wsgi_app())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    # Anonymous callers on every operation; a signed-in province administrator, too, on
    # the operations that need someone signed in (else they only ever see a 401).
    client.force_login(factories.make_province_admin())
    cookie = (
        f"{dj_settings.SESSION_COOKIE_NAME}={client.cookies[dj_settings.SESSION_COOKIE_NAME].value}"
    )
    signed_in = {**HEADERS, "Cookie": cookie}
    assert Client().get("/api/v1/care/staff/reports", headers=signed_in).status_code == 200
    runs = [(op, HEADERS) for op in operations] + [
        (op, signed_in) for op in operations if op.definition.raw.get("security")
    ]
    assert len(runs) > len(operations)

    failures = []
    for operation, headers in runs:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            check = _checker(operation, mode, headers)
            try:
                check()
            except hypothesis.errors.Unsatisfiable:
                # Nothing in this operation can be made invalid (no parameters, or only
                # free-text ones): no negative case exists.
                assert mode == GenerationMode.NEGATIVE, operation.label
            except (Exception, BaseExceptionGroup) as exc:  # every operation is tried
                who = "signed in" if headers is signed_in else "anonymous"
                failures.append(f"{operation.label} ({mode}, {who}): {exc}")
    assert not failures, "\n\n".join(failures)
