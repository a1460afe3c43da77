"""One validation per input: the page's form, the API schema and the service share the
limits of ``s2c.care.inputs``, and an over-long value gets the same refusal through the
page and through the API."""

import pytest
from django.urls import reverse

from s2c.care import forms, inputs
from s2c.care.models import Complaint

from . import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/care"


@pytest.fixture
def client(client):
    client.cookies.load({"s2c_language": "en"})
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _openapi_properties(client, schema_name: str) -> dict:
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    if schema_name in schemas:
        return schemas[schema_name]["properties"]
    # A form-encoded body is inlined in the operation.
    for path in document["paths"].values():
        for operation in path.values():
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                properties = media.get("schema", {}).get("properties", {})
                if set(inputs.REPORT_FIELDS) <= set(properties):
                    return properties
    raise AssertionError(f"{schema_name} is not in the OpenAPI document")


def test_form_and_api_state_the_same_limits(client, category):
    form = forms.ComplaintForm()
    properties = _openapi_properties(client, "ReportIn")
    for name, limit in inputs.REPORT_FIELDS.items():
        assert form.fields[name].widget.attrs["maxlength"] == str(limit.max), name
        assert properties[name]["maxLength"] == limit.max, name
    assert forms.ReplyForm().fields["message"].widget.attrs["maxlength"] == str(inputs.TEXT.max)
    assert forms.ReopenForm().fields["reason"].widget.attrs["maxlength"] == str(inputs.TEXT.max)
    assert forms.RatingForm().fields["comment"].widget.attrs["maxlength"] == str(inputs.COMMENT.max)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "x" * (inputs.TITLE.max + 1), "Give a title of 5 to 200 characters."),
        (
            "description",
            "y" * (inputs.DESCRIPTION.max + 1),
            "Describe the problem in 10 to 5000 characters.",
        ),
        (
            "name",
            "Budi " * 31,
            "Ensure this value has at most 150 characters (it has 154).",
        ),
        (
            "phone",
            "0812 " * 7,
            "Ensure this value has at most 30 characters (it has 34).",
        ),
        (
            "address",
            "z" * (inputs.ADDRESS.max + 1),
            "Ensure this value has at most 300 characters (it has 301).",
        ),
    ],
)
def test_an_over_long_value_gets_the_same_refusal_on_the_page_and_in_the_api(
    client, category, field, value, message
):
    page = client.post(reverse("care:report"), f.report_form(category, **{field: value}))
    assert page.status_code == 200
    assert message in page.content.decode().replace("&#x27;", "'")
    api = client.post(f"{API}/reports", f.report_form(category, **{field: value}))
    assert api.status_code == 400
    assert api.json()["error"]["details"]["fields"] == {field: message}
    assert Complaint.objects.count() == 0


def test_an_over_long_reply_gets_the_same_refusal_on_the_page_and_in_the_api(client, category):
    submitted = f.submit(category)
    too_long = "k" * (inputs.TEXT.max + 1)
    message = "Your reply is too long: at most 5000 characters."
    page = client.post(
        reverse("care:follow-action", args=[submitted.secret, "reply"]), {"message": too_long}
    )
    assert message in page.content.decode()
    api = client.post(f"{API}/follow/{submitted.secret}/replies", {"message": too_long})
    assert (api.status_code, api.json()["error"]["message"]) == (400, message)
