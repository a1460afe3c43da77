"""Import and export of the catalogue as CSV/XLSX."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from s2c.core import tabular as core_tabular
from s2c.core.errors import ApplicationError
from s2c.core.forms import apply_error
from s2c.core.views.decorators import staff_required

from .. import selectors, services, tabular
from ..exporting import catalogue_filename, catalogue_table
from ..forms import ImportForm


@staff_required(check=selectors.can_manage_some_agency)
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > tabular.MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                report = services.catalogue_import(
                    by=request.user,
                    name=upload.name,
                    data=upload.read(),
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ApplicationError as exc:
                apply_error(form, exc)
    return render(
        request,
        "portal/staff/import.html",
        {"form": form, "report": report, "columns": tabular.COLUMNS},
        status=200 if report is None or report.ok else 422,
    )


@require_GET
@staff_required
def export(request):
    fmt = request.GET.get("format", "csv")
    fmt = fmt if fmt in ("csv", "xlsx") else "csv"
    return core_tabular.response(
        catalogue_table(user=request.user, status=request.GET.get("status", "")),
        fmt=fmt,
        filename=catalogue_filename(fmt),
    )
