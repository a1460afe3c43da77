"""Staff pages for agencies' profiles, offices and monitored URLs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from s2c.core import permissions
from s2c.core.errors import ApplicationError
from s2c.core.forms import apply_error
from s2c.core.paging import page_of
from s2c.core.views.decorators import staff_required

from .. import selectors, services, tasks
from ..forms import AgencyProfileForm, EndpointForm, OfficeForm
from ..selectors import status as status_selectors

# --- agencies ------------------------------------------------------------------------


@staff_required(check=selectors.can_manage_some_agency)
def agency_list(request):
    return render(
        request,
        "portal/staff/agencies.html",
        {"agencies": selectors.managed_agencies(user=request.user)},
    )


@staff_required
def agency_edit(request, code: str):
    agency = selectors.agency_for_manager(user=request.user, code=code)
    initial = {name: getattr(agency, name) for name in AgencyProfileForm.base_fields}
    form = AgencyProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_profile_update(
                by=request.user, agency=agency, profile=form.to_profile()
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The agency's profile was saved."))
            return redirect("portal:staff-agencies")
    return render(request, "portal/staff/agency_form.html", {"form": form, "agency": agency})


# --- offices -------------------------------------------------------------------------


@staff_required
def office_list(request):
    agencies = list(selectors.managed_agencies(user=request.user))
    return render(
        request,
        "portal/staff/offices.html",
        {
            "page": page_of(request, selectors.offices_for_staff(user=request.user), 50),
            "query": request.GET,
            "agencies": agencies,
            # Officers and heads see their agencies' offices; only managers get the links
            # to change them (the pages behind them answer 404 to anyone else).
            "managed": {a.pk for a in agencies},
        },
    )


@staff_required
def office_create(request):
    agency = selectors.agency_for_manager(
        user=request.user, code=request.GET.get("agency") or request.POST.get("agency", "")
    )
    form = OfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.office_create(by=request.user, agency=agency, data=form.to_data())
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The office was added."))
            return redirect("portal:staff-offices")
    return render(
        request, "portal/staff/office_form.html", {"form": form, "agency": agency, "office": None}
    )


@staff_required
def office_edit(request, code: str):
    office = selectors.office_for_staff(user=request.user, code=code)
    if not permissions.can_manage_agency(request.user, office.agency_id):
        raise Http404
    form = OfficeForm(request.POST or None, initial=OfficeForm.initial_from(office))
    if request.method == "POST" and form.is_valid():
        try:
            services.office_update(by=request.user, office=office, data=form.to_data())
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The office was saved."))
            return redirect("portal:staff-offices")
    return render(
        request,
        "portal/staff/office_form.html",
        {"form": form, "agency": office.agency, "office": office},
    )


@require_POST
@staff_required
def office_toggle(request, code: str):
    office = selectors.office_for_staff(user=request.user, code=code)
    try:
        services.office_set_active(by=request.user, office=office, active=not office.is_active)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("The office is open again.")
            if not office.is_active
            else _("The office is closed and no longer shown on service pages."),
        )
    return redirect("portal:staff-offices")


# --- monitored URLs ------------------------------------------------------------------


@staff_required
def endpoint_list(request):
    agencies = list(selectors.managed_agencies(user=request.user))
    return render(
        request,
        "portal/staff/endpoints.html",
        {
            "endpoints": status_selectors.endpoints_for_staff(user=request.user),
            "agencies": agencies,
            "managed": {a.pk for a in agencies},
        },
    )


@staff_required
def endpoint_create(request):
    agency = selectors.agency_for_manager(
        user=request.user, code=request.GET.get("agency") or request.POST.get("agency", "")
    )
    form = EndpointForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.endpoint_create(
                by=request.user, agency=agency, name=d["name"], url=d["url"], kind=d["kind"]
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The URL will be checked from now on."))
            return redirect("portal:staff-endpoints")
    return render(
        request,
        "portal/staff/endpoint_form.html",
        {"form": form, "agency": agency, "endpoint": None},
    )


@staff_required
def endpoint_edit(request, public_id):
    endpoint = status_selectors.endpoint_for_staff(user=request.user, public_id=public_id)
    if not permissions.can_manage_agency(request.user, endpoint.agency_id):
        raise Http404
    initial = {
        "name": endpoint.name,
        "url": endpoint.url,
        "kind": endpoint.kind,
        "is_active": endpoint.is_active,
    }
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.endpoint_update(
                by=request.user,
                endpoint=endpoint,
                name=d["name"],
                url=d["url"],
                kind=d["kind"],
                is_active=d["is_active"],
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The monitored URL was saved."))
            return redirect("portal:staff-endpoints")
    return render(
        request,
        "portal/staff/endpoint_form.html",
        {"form": form, "agency": endpoint.agency, "endpoint": endpoint},
    )


@require_POST
@staff_required
def endpoint_check(request, public_id):
    endpoint = status_selectors.endpoint_for_staff(user=request.user, public_id=public_id)
    tasks.check_endpoint.enqueue(endpoint.pk)
    messages.success(request, _("A check was started; refresh in a moment to see it."))
    return redirect("portal:staff-endpoints")
