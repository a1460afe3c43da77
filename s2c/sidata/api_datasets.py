"""Datasets in /api/v1/sidata/: list and search, one dataset, its resources, and the
tabular query of a CSV/XLSX resource (JSON or CSV). Everyone sees published datasets;
staff also see their agencies' drafts (the walidata every dataset), exactly as on the
pages."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from s2c.core.api_pagination import PageIn, PageOut, paginate_items
from s2c.core.errors import NotFound
from s2c.core.textinput import TextIn

from . import ckan, tabular
from . import datasets as ds
from .models import Dataset, Resource

datasets_router = Router(tags=["sidata datasets"])


class DatasetAgencyOut(Schema):
    code: str
    name: str


class DatasetTopicOut(Schema):
    name: str
    title: str


class DatasetResourceOut(Schema):
    id: UUID
    name: str
    description: str
    format: str
    url: str
    size: int | None
    sha256: str
    tabular: bool
    created: dt.datetime
    modified: dt.datetime


class DatasetOut(Schema):
    id: UUID
    name: str
    title: str
    description: str
    agency: DatasetAgencyOut
    topic: DatasetTopicOut | None
    tags: list[str]
    licence: str
    update_frequency: str
    temporal_start: dt.date | None
    temporal_end: dt.date | None
    spatial_coverage: str
    contact_name: str
    contact_email: str
    state: str
    created: dt.datetime
    modified: dt.datetime
    resources: list[DatasetResourceOut]


class DatasetPageOut(PageOut):
    results: list[DatasetOut]


class DatasetQuery(TextIn, PageIn):
    q: str = Field("", max_length=200, description="Words in the title, description or tags.")
    organization: str = Field("", max_length=100, description="An agency's code.")
    topic: str = Field("", max_length=100, description="A topic's name.")
    tag: str = Field("", max_length=100)
    state: str = Field("", max_length=20, description="Staff only: draft, in_review, ...")


class TableColumnOut(Schema):
    name: str
    type: str


class TableSchemaOut(Schema):
    fields: list[TableColumnOut]
    rows: int
    statistics: list[dict]


class TableQueryIn(TextIn):
    where: list[str] = Field(
        [], max_length=20, description="Filters such as tahun>=2020 or kabupaten=Ogan Ilir."
    )
    sort: str = Field("", max_length=500, description="Columns, '-' for descending: -tahun,nama")
    fields: str = Field("", max_length=2000, description="Columns to return: a,b,c")
    limit: int = Field(100, ge=0, le=tabular.MAX_LIMIT)
    offset: int = Field(0, ge=0, le=tabular.MAX_ROWS)
    format: str = Field("json", pattern="^(json|csv)$")


class TableQueryOut(Schema):
    fields: list[TableColumnOut]
    total: int
    limit: int
    offset: int
    records: list[dict]


def resource_data(request, resource: Resource, dataset: Dataset) -> dict:
    resource.dataset = dataset
    return {
        "id": resource.public_id,
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "url": ckan.resource_url(request, resource),
        "size": resource.size,
        "sha256": resource.sha256,
        "tabular": resource.is_tabular,
        "created": resource.created_at,
        "modified": resource.modified_at,
    }


def dataset_data(request, dataset: Dataset) -> dict:
    return {
        "id": dataset.public_id,
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.notes,
        "agency": {"code": dataset.agency.code, "name": dataset.agency.name},
        "topic": (
            {"name": dataset.topic.name, "title": dataset.topic.title} if dataset.topic_id else None
        ),
        "tags": [t.name for t in dataset.tags.all()],
        "licence": dataset.licence,
        "update_frequency": dataset.frequency,
        "temporal_start": dataset.temporal_start,
        "temporal_end": dataset.temporal_end,
        "spatial_coverage": str(dataset.region) if dataset.region_id else ckan.PROVINCE,
        "contact_name": dataset.contact_name,
        "contact_email": dataset.contact_email,
        "state": dataset.state,
        "created": dataset.created_at,
        "modified": dataset.modified_at,
        "resources": [resource_data(request, r, dataset) for r in dataset.resources.all()],
    }


@datasets_router.get("/datasets", response=DatasetPageOut, summary="Datasets (search)")
def list_datasets(request, query: Query[DatasetQuery]):
    qs = ds.visible_datasets(user=request.user)
    if query.q:
        qs = qs.filter(ckan.words_q(query.q))
    if query.organization:
        qs = qs.filter(agency__code=query.organization)
    if query.topic:
        qs = qs.filter(topic__name=query.topic)
    if query.tag:
        qs = qs.filter(tags__name=query.tag.lower())
    if query.state:
        qs = qs.filter(state=query.state)
    qs = ds._with_relations(qs.order_by("-modified_at", "-id"))
    return paginate_items(
        qs, query, results=lambda items: [dataset_data(request, d) for d in items]
    )


@datasets_router.get("/datasets/{name}", response=DatasetOut, summary="One dataset")
def get_dataset(request, name: str):
    return dataset_data(request, ds.dataset_for_viewer(user=request.user, name=name[:200]))


@datasets_router.get(
    "/datasets/{name}/resources", response=list[DatasetResourceOut], summary="A dataset's resources"
)
def list_resources(request, name: str):
    dataset = ds.dataset_for_viewer(user=request.user, name=name[:200])
    return [resource_data(request, r, dataset) for r in dataset.resources.all()]


def _resource(request, public_id: UUID) -> Resource:
    return ds.resource_for_viewer(user=request.user, public_id=public_id)


@datasets_router.get("/resources/{public_id}", response=DatasetResourceOut, summary="One resource")
def get_resource(request, public_id: UUID):
    resource = _resource(request, public_id)
    return resource_data(request, resource, resource.dataset)


@datasets_router.get(
    "/resources/{public_id}/schema",
    response=TableSchemaOut,
    summary="A table's inferred schema and per-column statistics",
)
def resource_schema(request, public_id: UUID):
    table = tabular.table_of(_resource(request, public_id))
    return {
        "fields": tabular.schema(table)["fields"],
        "rows": len(table.rows),
        "statistics": tabular.statistics(table),
    }


@datasets_router.get(
    "/resources/{public_id}/query",
    response=TableQueryOut,
    summary="Query a table: filter, sort, fields, limit and offset; JSON or CSV",
)
def resource_query(request, public_id: UUID, params: Query[TableQueryIn]):
    resource = _resource(request, public_id)
    if not resource.is_tabular:
        raise NotFound("This resource is not a table (CSV or XLSX).")
    table = tabular.table_of(resource)
    query = tabular.build_query(
        table,
        where=params.where,
        sort=params.sort,
        fields=params.fields,
        limit=params.limit,
        offset=params.offset,
    )
    result = tabular.run(table, query)
    if params.format == "csv":
        response: HttpResponse = tabular.csv_response(
            result, filename=f"{resource.dataset.name}-{str(resource.public_id)[:8]}.csv"
        )
        return response
    return result
