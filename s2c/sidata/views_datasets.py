"""Dataset pages: the public catalogue (search with facets, a dataset, a resource with its
preview, schema and statistics, downloads), and the staff pages (the agency's datasets,
create and edit, resources, submit; the walidata's review queue). Every page works
without JavaScript."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from s2c.core import permissions, uploads
from s2c.core.errors import ApplicationError, NotFound, PermissionDenied
from s2c.core.forms import apply_error
from s2c.core.models import Agency, Region
from s2c.core.paging import page_of
from s2c.core.textinput import CleanTextMixin
from s2c.core.views.decorators import public_view, staff_required

from . import ckan, tabular
from . import datasets as ds
from .models import Dataset, Resource, Topic

PER_PAGE = 20
FACETS = ["organization", "groups", "tags", "res_format"]
FACET_TITLES = {
    "organization": gettext_lazy("Agency"),
    "groups": gettext_lazy("Topic"),
    "tags": gettext_lazy("Tags"),
    "res_format": gettext_lazy("Format"),
}


# --- Forms ----------------------------------------------------------------------------------


class DatasetForm(CleanTextMixin, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=gettext_lazy("Agency"))
    name = forms.SlugField(
        label=gettext_lazy("Short name (in the address)"),
        max_length=100,
        help_text=gettext_lazy("Lowercase letters, digits and '-', e.g. penduduk-2024."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    notes = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), label=gettext_lazy("Topic"), required=False
    )
    tags = forms.CharField(
        label=gettext_lazy("Tags"),
        required=False,
        help_text=gettext_lazy("Separated by commas."),
        max_length=2000,
    )
    licence = forms.ChoiceField(label=gettext_lazy("Licence"), choices=Dataset.Licence.choices)
    frequency = forms.ChoiceField(
        label=gettext_lazy("Update frequency"), choices=Dataset.Frequency.choices
    )
    temporal_start = forms.DateField(
        label=gettext_lazy("Covers from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    temporal_end = forms.DateField(
        label=gettext_lazy("Covers until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        label=gettext_lazy("Spatial coverage"),
        required=False,
        empty_label=gettext_lazy("The whole province"),
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Contact name"), required=False, max_length=150
    )
    contact_email = forms.EmailField(label=gettext_lazy("Contact email"), required=False)

    def __init__(self, *args, agencies, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if editing:
            del self.fields["agency"]
            del self.fields["name"]


class ResourceForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    file = uploads.UploadField(
        policy=ds.RESOURCES,
        label=gettext_lazy("File (CSV, XLSX, JSON, GeoJSON)"),
        required=False,
    )
    url = forms.URLField(
        label=gettext_lazy("Or a link"), required=False, max_length=1000, assume_scheme="https"
    )
    format = forms.CharField(
        label=gettext_lazy("Format of the link"), max_length=20, required=False
    )


class ReviewForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


# --- Public pages -----------------------------------------------------------------------------


class _SearchPage:
    """What ``core/partials/pagination.html`` needs, over a search's count."""

    def __init__(self, number: int, count: int):
        self.number = number
        self.count = count
        self.paginator = type("P", (), {"num_pages": max(1, -(-count // PER_PAGE))})()

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.paginator.num_pages

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _fq_from(request) -> tuple[str, list[tuple[str, str]]]:
    chosen = []
    for field in FACETS:
        for value in request.GET.getlist(field)[:5]:
            value = value.strip()[:100]
            if value:
                chosen.append((field, value))
    fq = " ".join(f'{field}:"{value.replace(chr(34), "")}"' for field, value in chosen)
    return fq, chosen


@require_GET
@public_view
def dataset_list(request):
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    number = min(max(number, 1), 10_000)
    fq, chosen = _fq_from(request)
    params = {
        "q": request.GET.get("q", "")[:200],
        "fq": fq,
        "rows": PER_PAGE,
        "start": (number - 1) * PER_PAGE,
        "facet.field": FACETS,
        "facet.limit": 10,
        "sort": "metadata_modified desc",
    }
    try:
        result = ckan.search(params, request)
        error = ""
    except ckan.ActionError as exc:
        result, error = {"count": 0, "results": [], "search_facets": {}}, exc.message
    facets = [
        {
            "field": field,
            "title": FACET_TITLES[field],
            "items": result["search_facets"].get(field, {}).get("items", []),
        }
        for field in FACETS
    ]
    return render(
        request,
        "sidata/datasets/list.html",
        {
            "result": result,
            "facets": facets,
            "chosen": chosen,
            "error": error,
            "page": _SearchPage(number, result["count"]),
            "query": request.GET,
        },
    )


@require_GET
@public_view
def dataset_detail(request, name):
    dataset = ds.dataset_for_viewer(user=request.user, name=name)
    return render(
        request,
        "sidata/datasets/detail.html",
        {
            "dataset": dataset,
            "package": ckan.package_dict(request, dataset),
            "actions": ds.allowed_actions(request.user, dataset),
        },
    )


@require_GET
@public_view
def resource_detail(request, name, public_id):
    resource = ds.resource_for_viewer(user=request.user, public_id=public_id)
    if resource.dataset.name != name:
        raise NotFound(_("No such resource."))
    context = {
        "resource": resource,
        "dataset": resource.dataset,
        "download_url": ckan.resource_url(request, resource),
    }
    if resource.is_tabular:
        try:
            table = tabular.table_of(resource)
            context |= {
                "preview": tabular.preview(table),
                "schema": tabular.schema(table)["fields"],
                "stats": tabular.statistics(table),
            }
        except ApplicationError as exc:
            context["table_error"] = exc.message
    return render(request, "sidata/datasets/resource.html", context)


@require_GET
@public_view
def resource_download(request, name, public_id):
    resource = ds.resource_for_viewer(user=request.user, public_id=public_id)
    if resource.dataset.name != name or not resource.file:
        raise NotFound(_("No such resource."))
    try:
        handle = resource.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=resource.file.name.rsplit("/", 1)[-1]
    )
    response["Content-Type"] = resource.mimetype or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Staff pages ------------------------------------------------------------------------------


def _staff_agencies(user):
    qs = Agency.objects.filter(is_active=True).order_by("name")
    if ds.is_walidata(user):
        return qs
    return qs.filter(pk__in=permissions.agency_ids(user))


@staff_required
def staff_datasets(request):
    qs = ds.datasets_for_staff(user=request.user).select_related("agency")
    state = request.GET.get("state", "")
    if state in Dataset.State.values:
        qs = qs.filter(state=state)
    page = page_of(request, qs, 50)
    return render(
        request,
        "sidata/datasets/staff_list.html",
        {
            "page": page,
            "datasets": page.object_list,
            "states": Dataset.State.choices,
            "state": state,
            "query": request.GET,
            "is_walidata": ds.is_walidata(request.user),
        },
    )


@staff_required
def staff_dataset_new(request):
    form = DatasetForm(request.POST or None, agencies=_staff_agencies(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            dataset = ds.dataset_create(by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            return redirect("sidata:staff-dataset", name=dataset.name)
    return render(request, "sidata/datasets/staff_form.html", {"form": form})


def _staff_dataset(request, name) -> Dataset:
    try:
        return ds._with_relations(ds.datasets_for_staff(user=request.user)).get(name=name)
    except ObjectDoesNotExist:
        raise NotFound(_("No such dataset.")) from None


@staff_required
def staff_dataset(request, name):
    dataset = _staff_dataset(request, name)
    editable = ds.can_edit(request.user, dataset)
    initial = {
        "title": dataset.title,
        "notes": dataset.notes,
        "topic": dataset.topic,
        "tags": ", ".join(t.name for t in dataset.tags.all()),
        "licence": dataset.licence,
        "frequency": dataset.frequency,
        "temporal_start": dataset.temporal_start,
        "temporal_end": dataset.temporal_end,
        "region": dataset.region,
        "contact_name": dataset.contact_name,
        "contact_email": dataset.contact_email,
    }
    form = DatasetForm(
        request.POST or None, initial=initial, agencies=Agency.objects.none(), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            ds.dataset_edit(dataset=dataset, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            return redirect("sidata:staff-dataset", name=dataset.name)
    return render(
        request,
        "sidata/datasets/staff_dataset.html",
        {
            "dataset": dataset,
            "form": form,
            "editable": editable,
            "resource_form": ResourceForm(),
            "review_form": ReviewForm(),
            "actions": ds.allowed_actions(request.user, dataset),
        },
    )


@require_POST
@staff_required
def staff_resource_add(request, name):
    dataset = _staff_dataset(request, name)
    form = ResourceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ds.resource_add(
                dataset=dataset,
                by=request.user,
                name=data["name"],
                description=data["description"],
                file=data["file"] or None,
                url=data["url"],
                format=data["format"],
            )
        except ApplicationError as exc:
            apply_error(form, exc)
        else:
            return redirect("sidata:staff-dataset", name=dataset.name)
    return render(
        request,
        "sidata/datasets/staff_dataset.html",
        {
            "dataset": dataset,
            "form": None,
            "editable": ds.can_edit(request.user, dataset),
            "resource_form": form,
            "review_form": ReviewForm(),
            "actions": ds.allowed_actions(request.user, dataset),
        },
        status=400,
    )


@require_POST
@staff_required
def staff_resource_remove(request, name, public_id):
    dataset = _staff_dataset(request, name)
    resource = Resource.objects.filter(dataset=dataset, public_id=public_id).first()
    if resource is None:
        raise NotFound(_("No such resource."))
    ds.resource_remove(resource=resource, by=request.user)
    return redirect("sidata:staff-dataset", name=dataset.name)


@require_POST
@staff_required
def staff_dataset_action(request, name, action):
    dataset = _staff_dataset(request, name)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        ds.dataset_transition(
            dataset=dataset, action=action, by=request.user, note=form.cleaned_data.get("note", "")
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        return render(
            request,
            "sidata/datasets/staff_dataset.html",
            {
                "dataset": dataset,
                "form": None,
                "editable": ds.can_edit(request.user, dataset),
                "resource_form": ResourceForm(),
                "review_form": form,
                "action_error": exc.message,
                "actions": ds.allowed_actions(request.user, dataset),
            },
            status=400,
        )
    if action in ("approve", "return"):
        return redirect("sidata:staff-review")
    return redirect("sidata:staff-dataset", name=dataset.name)


@staff_required(check=ds.is_walidata)
def staff_review(request):
    page = page_of(request, ds.review_queue(user=request.user), 50)
    return render(
        request,
        "sidata/datasets/staff_review.html",
        {"page": page, "datasets": page.object_list, "query": request.GET},
    )
