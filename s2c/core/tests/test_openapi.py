"""The OpenAPI document tells the truth: one schema per name, and every error answer that
the API's error handlers can give declared on every operation."""

import pytest
from ninja import Router, Schema

from s2c.api import build_api
from s2c.core.openapi import SchemaNameClash


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def _error_ref(answer: dict) -> str:
    return answer["content"]["application/json"]["schema"]["$ref"]


def test_every_operation_declares_its_error_answers(document):
    operations = [
        (path, method, op)
        for path, methods in document["paths"].items()
        for method, op in methods.items()
    ]
    assert len(operations) >= 25
    for path, method, op in operations:
        expected = {400, 422, 429}
        if "{" in path:
            expected.add(404)
        if op.get("security"):
            expected |= {401, 403}
        declared = {int(status) for status in op["responses"]}
        assert expected <= declared, (method, path, declared)
        for status in expected:
            assert _error_ref(op["responses"][str(status)]) == "#/components/schemas/ErrorOut"
    staff = document["paths"]["/api/v1/care/staff/reports"]["get"]["responses"]
    assert {"401", "403"} <= set(staff)
    public = document["paths"]["/api/v1/regions"]["get"]["responses"]
    assert not {"401", "403", "404"} & set(public)


@pytest.mark.django_db  # the request limit counts in the database
def test_the_error_schema_is_the_error_shape(document, client):
    schemas = document["components"]["schemas"]
    assert schemas["ErrorOut"]["required"] == ["error"]
    assert set(schemas["ErrorDetailOut"]["required"]) == {"code", "message", "details"}
    answer = client.get("/api/v1/agencies", {"page_size": 1000}).json()
    assert set(answer) == {"error"} and set(answer["error"]) == {"code", "message", "details"}


def test_each_enum_has_its_own_values(document):
    """Care's report kind and Gov's monitored-endpoint kind were one ``Kind``."""
    schemas = document["components"]["schemas"]

    def kind_values(schema: dict) -> list:
        prop = schema["properties"]["kind"]
        prop = schemas[prop["$ref"].rsplit("/", 1)[-1]] if "$ref" in prop else prop
        return prop["enum"]

    assert kind_values(schemas["EndpointStateOut"]) == ["website", "online_service", "api"]
    body = document["paths"]["/api/v1/care/reports"]["post"]["requestBody"]["content"]
    report_in = body["multipart/form-data"]["schema"]
    assert kind_values(report_in) == ["pengaduan", "aspirasi", "informasi"]
    assert "Kind" not in schemas
    assert {"AgencyFilters", "AgencyProfileFilters"} <= set(schemas)


def test_two_schemas_with_one_name_are_refused():
    first, second = Router(), Router()

    def make(value: str):
        return type("Kind", (Schema,), {"__annotations__": {value: str}})

    one, other = make("a"), make("b")

    @first.get("/one", response=list[one])
    def read_one(request):
        return []

    @second.get("/other", response=list[other])
    def read_other(request):
        return []

    api = build_api(namespace="clash-test", routers={"first": first, "second": second})
    with pytest.raises(SchemaNameClash, match="'Kind'"):
        api.get_openapi_schema(path_prefix="/clash/")
