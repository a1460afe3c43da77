"""The staff calendar page (/staf/kalender/): province administrators list a year's
holidays and add, edit and delete joint leave days; everyone else is kept out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from s2c.core import calendar
from s2c.core.models import AuditEntry, JointLeaveDay
from s2c.core.tests import factories

pytestmark = pytest.mark.django_db

D = dt.date
URL = "/staf/kalender/"


def _signed_in(client, user, language="en"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def admin_client(client, province_admin):
    return _signed_in(client, province_admin)


def test_url_names():
    assert reverse("core:calendar") == URL
    assert reverse("core:calendar-edit", args=[7]) == "/staf/kalender/7/ubah/"
    assert reverse("core:calendar-delete", args=[7]) == "/staf/kalender/7/hapus/"
    assert reverse("core:calendar-import") == "/staf/kalender/impor/"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    day = factories.make_joint_leave_day(date=D(2026, 3, 20))
    for url in (URL, f"{URL}{day.pk}/ubah/", f"{URL}{day.pk}/hapus/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('core:login')}?next={url}"
    response = client.post(URL, {"date": "2026-03-24", "name": "Cuti"})
    assert response.status_code == 302
    assert JointLeaveDay.objects.count() == 1


@pytest.mark.parametrize("who", ["agency_admin", "agency_head", "officer", "citizen"])
def test_someone_else_tries(client, request, who):
    _signed_in(client, request.getfixturevalue(who))
    day = factories.make_joint_leave_day(date=D(2026, 3, 20), name="Cuti")
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"date": "2026-03-24", "name": "X"}).status_code == 403
    assert client.get(f"{URL}{day.pk}/ubah/").status_code == 403
    edit = client.post(f"{URL}{day.pk}/ubah/", {"date": "2026-03-24", "name": "X"})
    assert edit.status_code == 403
    assert client.post(f"{URL}{day.pk}/hapus/").status_code == 403
    assert client.post(f"{URL}impor/", {"year": "2026"}).status_code == 403
    assert list(JointLeaveDay.objects.values_list("date", "name")) == [(D(2026, 3, 20), "Cuti")]
    assert AuditEntry.objects.count() == 0


def test_the_year_page_lists_holidays_and_joint_leave_days(admin_client):
    day = factories.make_joint_leave_day(date=D(2026, 3, 20), name="Cuti bersama Idul Fitri")
    factories.make_joint_leave_day(date=D(2025, 4, 2), name="Last year's")
    response = admin_client.get(URL, {"year": "2026"})
    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert list(response.context["joint_leave_days"]) == [day]
    national = response.context["national_holidays"]
    assert national[0] == {"date": D(2026, 1, 1), "name": "New Year's Day", "weekend": False}
    assert {"date": D(2026, 3, 21), "name": "Eid al-Fitr", "weekend": True} in national
    expected = calendar.working_days_between(D(2025, 12, 31), D(2026, 12, 31))
    assert response.context["working_days"] == expected
    html = response.content.decode()
    assert "Cuti bersama Idul Fitri" in html
    assert "Christmas Day" in html
    assert "Last year&#x27;s" not in html
    assert f'href="{URL}{day.pk}/ubah/"' in html
    assert f'href="{URL}{day.pk}/hapus/"' in html
    assert f"2026 has {expected} working days" in html


def test_without_a_year_the_current_year_is_shown(admin_client):
    response = admin_client.get(URL, {"unrelated": "1"})
    assert response.status_code == 200
    assert response.context["year"] == calendar.today().year
    assert response.context["year_form"].errors == {}
    assert f'value="{calendar.today().year}"' in response.content.decode()


def test_the_page_is_in_indonesian_by_default(client, province_admin):
    _signed_in(client, province_admin, language="id")
    response = client.get(URL, {"year": "2026"})
    assert response.status_code == 200
    assert "Hari Raya Natal" in response.content.decode()


@pytest.mark.parametrize(
    ("year", "message"),
    [("abc", "Enter a whole number."), ("3000", "less than or equal to 2199")],
)
def test_a_bad_year_shows_an_error_and_the_current_year(admin_client, year, message):
    response = admin_client.get(URL, {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == calendar.today().year
    assert message in response.content.decode()


def test_admin_adds_a_joint_leave_day(admin_client, province_admin):
    response = admin_client.post(
        f"{URL}?year=2026", {"date": "2026-03-20", "name": "Cuti bersama Idul Fitri"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2026"
    day = JointLeaveDay.objects.get()
    assert (day.date, day.name) == (D(2026, 3, 20), "Cuti bersama Idul Fitri")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id) == ("core.joint_leave_day.create", province_admin.pk)
    assert calendar.is_working_day(D(2026, 3, 20)) is False
    page = admin_client.get(response["Location"])
    assert "2026-03-20 is now a joint leave day." in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"date": "2026-03-21", "name": "Cuti"},
            "date",
            "2026-03-21 is a Saturday or Sunday, which is never a working day.",
        ),
        (
            {"date": "2026-12-25", "name": "Cuti"},
            "date",
            "2026-12-25 is already a national holiday (Christmas Day).",
        ),
        ({"date": "2026-02-31", "name": "Cuti"}, "date", "Enter a valid date."),
        ({"date": "2026-03-24", "name": ""}, "name", "This field is required."),
    ],
)
def test_refusals_show_next_to_the_field(admin_client, data, field, message):
    response = admin_client.post(URL, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert JointLeaveDay.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_duplicate_is_refused(admin_client):
    factories.make_joint_leave_day(date=D(2026, 3, 20), name="First")
    response = admin_client.post(URL, {"date": "2026-03-20", "name": "Second"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "date": ["2026-03-20 is already a joint leave day (First)."]
    }
    assert JointLeaveDay.objects.count() == 1


def test_admin_edits_a_joint_leave_day(admin_client):
    day = factories.make_joint_leave_day(date=D(2026, 3, 20), name="Cuti")
    form_page = admin_client.get(f"{URL}{day.pk}/ubah/")
    assert form_page.status_code == 200
    assert 'value="2026-03-20"' in form_page.content.decode()
    refused = admin_client.post(f"{URL}{day.pk}/ubah/", {"date": "2026-03-22", "name": "Cuti"})
    assert refused.status_code == 400
    assert refused.context["form"].errors == {
        "date": ["2026-03-22 is a Saturday or Sunday, which is never a working day."]
    }
    response = admin_client.post(
        f"{URL}{day.pk}/ubah/", {"date": "2027-01-04", "name": "Cuti tahun baru"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2027"
    day.refresh_from_db()
    assert (day.date, day.name) == (D(2027, 1, 4), "Cuti tahun baru")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "core.joint_leave_day.update"
    ]


def test_admin_deletes_after_confirming(admin_client):
    day = factories.make_joint_leave_day(date=D(2026, 3, 20), name="Cuti")
    confirm = admin_client.get(f"{URL}{day.pk}/hapus/")
    assert confirm.status_code == 200
    assert JointLeaveDay.objects.count() == 1
    response = admin_client.post(f"{URL}{day.pk}/hapus/")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2026"
    assert JointLeaveDay.objects.count() == 0
    assert calendar.is_working_day(D(2026, 3, 20)) is True
    assert admin_client.post(f"{URL}{day.pk}/hapus/").status_code == 404
    assert admin_client.get(f"{URL}{day.pk}/ubah/").status_code == 404


def test_admin_imports_the_national_cuti_bersama(admin_client):
    assert admin_client.get(f"{URL}impor/").status_code == 405
    response = admin_client.post(f"{URL}impor/", {"year": "2026"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2026"
    assert JointLeaveDay.objects.filter(date__year=2026).count() == 8
    page = admin_client.get(response["Location"])
    assert "8 national joint leave days were added." in page.content.decode()
    again = admin_client.post(f"{URL}impor/", {"year": "2026"}, follow=True)
    assert "There were no national joint leave days to add." in again.content.decode()
    bad = admin_client.post(f"{URL}impor/", {"year": "abc"}, follow=True)
    assert "Enter a whole number." in bad.content.decode()
    assert JointLeaveDay.objects.count() == 8


@pytest.mark.parametrize("year", [calendar.MIN_YEAR, calendar.MAX_YEAR])
def test_the_first_and_last_supported_years(admin_client, year):
    response = admin_client.get(URL, {"year": str(year)})
    assert response.status_code == 200
    assert response.context["year"] == year
    assert response.context["working_days"] > 250
