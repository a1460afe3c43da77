"""Sumsel Gov's forms and API input schemas follow the kernel's input rule
(``core.textinput``): no NUL nor other control character is stored."""

import pytest
from django.urls import reverse

from s2c.portal.api import schemas
from s2c.portal.forms import ServiceForm

from ..models import ServiceFeedback
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(agency):
    return f.make_service(agency, code="bapenda-stnk", name="Perpanjangan STNK")


def test_the_feedback_form_stores_no_control(client, service):
    url = reverse("portal:service-feedback", args=[service.code])
    response = client.post(
        url, {"useful": "yes", "comment": "Je\x00las\x07 sekali\r\nterima kasih"}
    )
    assert response.status_code == 302
    assert ServiceFeedback.objects.get().comment == "Jelas sekali\nterima kasih"


def test_the_feedback_api_stores_no_control(client, service):
    response = client.post(
        f"/api/v1/portal/services/{service.code}/feedback",
        {"useful": False, "comment": "\x00Kurang\x1b[31m jelas\x85"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert ServiceFeedback.objects.get().comment == "Kurang[31m jelas"


def test_a_staff_form_cleans_its_texts(agency):
    form = ServiceForm(
        {"name": "Izin\x00 usaha\x0b", "description": "Baris\rdua", "processing_time_unit": "day"},
        agency=agency,
    )
    form.is_valid()
    assert form.cleaned_data["name"] == "Izin usaha"
    assert form.cleaned_data["description"] == "Baris\ndua"


def test_the_list_filters_are_cleaned():
    assert schemas.ServiceFilters(q="ktp\x00 hilang").q == "ktp hilang"
    assert schemas.AgencyProfileFilters(q="dinas\x7f").q == "dinas"
