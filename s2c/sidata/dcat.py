"""The DCAT catalogue (DCAT-AP style) for national aggregation: ``/sidata/catalog.jsonld``
and ``/sidata/catalog.ttl`` (a dcat:Catalog of the published datasets, 100 a page,
``?page=`` and ``?modified_since=``, with Hydra paging as ckanext-dcat writes it), and one
dataset at ``/sidata/dataset/<name>.jsonld`` or ``.ttl``. Built with rdflib."""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from s2c.core.errors import NotFound

from . import datasets as ds
from .ckan import PROVINCE, ckan_time, resource_url
from .models import Dataset
from .models.datasets import LICENCES

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
PAGE_SIZE = 100
FREQUENCIES = {
    "daily": "DAILY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "semiannual": "ANNUAL_2",
    "annual": "ANNUAL",
    "irregular": "IRREG",
}
FORMATS = {"turtle": "text/turtle; charset=utf-8", "json-ld": "application/ld+json"}
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "hydra": str(HYDRA),
    "spdx": str(SPDX),
    "xsd": str(XSD),
}


class BadParameter(ValueError):
    pass


def _graph() -> Graph:
    graph = Graph()
    for prefix, uri in CONTEXT.items():
        graph.bind(prefix, Namespace(uri))
    return graph


def _when(value: dt.datetime) -> Literal:
    return Literal(ckan_time(value), datatype=XSD.dateTime)


def add_dataset(graph: Graph, request, dataset: Dataset) -> URIRef:
    """The dataset, its publisher, contact point and distributions as triples."""
    uri = URIRef(request.build_absolute_uri(reverse("sidata:dataset", args=[dataset.name])))
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.identifier, Literal(str(dataset.public_id))))
    graph.add((uri, DCTERMS.title, Literal(dataset.title)))
    if dataset.notes:
        graph.add((uri, DCTERMS.description, Literal(dataset.notes)))
    graph.add((uri, DCAT.landingPage, uri))
    graph.add((uri, DCTERMS.modified, _when(dataset.modified_at)))
    graph.add((uri, DCTERMS.issued, _when(dataset.published_at or dataset.created_at)))
    agency = dataset.agency
    publisher = URIRef(
        request.build_absolute_uri(
            reverse("sidata:datasets") + "?" + urlencode({"organization": agency.code})
        )
    )
    graph.add((uri, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(agency.name)))
    for tag in dataset.tags.all():
        graph.add((uri, DCAT.keyword, Literal(tag.name)))
    if dataset.topic_id:
        theme = URIRef(
            request.build_absolute_uri(
                reverse("sidata:datasets") + "?" + urlencode({"groups": dataset.topic.name})
            )
        )
        graph.add((uri, DCAT.theme, theme))
    graph.add((uri, DCTERMS.accrualPeriodicity, FREQUENCY[FREQUENCIES[dataset.frequency]]))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((uri, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
    spatial = BNode()
    graph.add((uri, DCTERMS.spatial, spatial))
    graph.add((spatial, RDF.type, DCTERMS.Location))
    graph.add(
        (spatial, DCTERMS.title, Literal(str(dataset.region) if dataset.region_id else PROVINCE))
    )
    if dataset.contact_name or dataset.contact_email:
        contact = BNode()
        graph.add((uri, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Kind))
        if dataset.contact_name:
            graph.add((contact, VCARD.fn, Literal(dataset.contact_name)))
        if dataset.contact_email:
            graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
    licence = LICENCES.get(dataset.licence, ("", ""))[1]
    for resource in dataset.resources.all():
        resource.dataset = dataset
        dist = URIRef(
            request.build_absolute_uri(
                reverse("sidata:resource", args=[dataset.name, resource.public_id])
            )
        )
        graph.add((uri, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCTERMS.identifier, Literal(str(resource.public_id))))
        graph.add((dist, DCTERMS.title, Literal(resource.name)))
        if resource.description:
            graph.add((dist, DCTERMS.description, Literal(resource.description)))
        link = URIRef(resource_url(request, resource))
        graph.add((dist, DCAT.accessURL, link))
        if resource.file:
            graph.add((dist, DCAT.downloadURL, link))
        if resource.format:
            graph.add((dist, DCTERMS["format"], Literal(resource.format)))
        if resource.mimetype:
            graph.add((dist, DCAT.mediaType, Literal(resource.mimetype)))
        if resource.size is not None:
            graph.add((dist, DCAT.byteSize, Literal(resource.size, datatype=XSD.decimal)))
        if resource.sha256:
            checksum = BNode()
            graph.add((dist, SPDX.checksum, checksum))
            graph.add((checksum, RDF.type, SPDX.Checksum))
            graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            graph.add((checksum, SPDX.checksumValue, Literal(resource.sha256)))
        if licence:
            graph.add((dist, DCTERMS.license, URIRef(licence)))
        graph.add((dist, DCTERMS.modified, _when(resource.modified_at)))
    return uri


def parse_modified_since(text: str) -> dt.datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = parse_datetime(text.replace(" ", "+")) or None
        if value is None:
            day = parse_date(text)
            if day is None:
                raise ValueError
            value = dt.datetime.combine(day, dt.time())
    except (ValueError, OverflowError):
        raise BadParameter("modified_since must be an ISO 8601 date or date and time") from None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def parse_page(text: str) -> int:
    text = (text or "1").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 7 or int(text) < 1:
        raise BadParameter("page must be a whole number from 1")
    return int(text)


def catalog_graph(request, *, page: int = 1, modified_since: dt.datetime | None = None) -> Graph:
    qs = ds.published_datasets()
    if modified_since is not None:
        qs = qs.filter(modified_at__gte=modified_since)
    total = qs.count()
    last = max(1, math.ceil(total / PAGE_SIZE))
    rows = ds._with_relations(qs.order_by("-modified_at", "-id"))[
        (page - 1) * PAGE_SIZE : page * PAGE_SIZE
    ]
    graph = _graph()
    catalog = URIRef(request.build_absolute_uri(reverse("sidata:datasets")))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Sidata: Satu Data Sumatera Selatan")))
    graph.add((catalog, DCTERMS.description, Literal("Open data of the Province of South Sumatra")))
    graph.add((catalog, DCTERMS.language, Literal("id")))
    publisher = BNode()
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal("Pemerintah Provinsi Sumatera Selatan")))
    for dataset in rows:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, request, dataset)))

    def page_uri(number: int) -> URIRef:
        query = {"page": number}
        if modified_since is not None:
            query["modified_since"] = modified_since.isoformat()
        return URIRef(request.build_absolute_uri(request.path) + "?" + urlencode(query))

    paging = page_uri(page)
    graph.add((paging, RDF.type, HYDRA.PagedCollection))
    graph.add((paging, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((paging, HYDRA.itemsPerPage, Literal(PAGE_SIZE, datatype=XSD.integer)))
    graph.add((paging, HYDRA.firstPage, page_uri(1)))
    graph.add((paging, HYDRA.lastPage, page_uri(last)))
    if page > 1:
        graph.add((paging, HYDRA.previousPage, page_uri(page - 1)))
    if page < last:
        graph.add((paging, HYDRA.nextPage, page_uri(page + 1)))
    return graph


def _serialize(graph: Graph, fmt: str) -> HttpResponse:
    if fmt == "json-ld":
        body = graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True)
    else:
        body = graph.serialize(format="turtle")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def catalog(request, fmt: str):
    try:
        page = parse_page(request.GET.get("page", "1"))
        since = parse_modified_since(request.GET.get("modified_since", ""))
    except BadParameter as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return _serialize(catalog_graph(request, page=page, modified_since=since), fmt)


@require_GET
def dataset(request, name: str, fmt: str):
    try:
        found = ds.dataset_for_public(name=name)
    except NotFound:
        return HttpResponse("Not found", status=404, content_type="text/plain; charset=utf-8")
    graph = _graph()
    add_dataset(graph, request, found)
    return _serialize(graph, fmt)
