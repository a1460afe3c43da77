"""The pages of Sidata.

Each view parses, calls a selector or a service, and renders. The wrappers, paging and
form errors are core's (docs/plugging-in.md, "The furniture core gives every service").
"""

from __future__ import annotations

from django.shortcuts import redirect, render

from s2c.core.errors import ApplicationError
from s2c.core.forms import apply_error
from s2c.core.paging import page_of
from s2c.core.views.decorators import public_view, staff_required

from . import selectors, services
from .forms import ItemForm


@public_view
def item_list(request):
    page = page_of(request, selectors.public_items(), 20)
    context = {"page": page, "items": page.object_list, "query": request.GET}
    return render(request, "sidata/list.html", context)


@public_view  # the selector's NotFound is the 404 page
def item_detail(request, public_id):
    item = selectors.item_for_public(public_id=public_id)
    return render(request, "sidata/detail.html", {"item": item})


@staff_required
def staff_list(request):
    agencies = selectors.agencies_for_staff(user=request.user)
    form = ItemForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_create(by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            return redirect("sidata:staff-list")
    page = page_of(request, selectors.items_for_staff(user=request.user), 50)
    return render(
        request,
        "sidata/staff_list.html",
        {"page": page, "items": page.object_list, "form": form, "query": request.GET},
    )
