"""The DCAT catalogue: JSON-LD and Turtle that rdflib parses back, paging,
modified_since, one dataset, and only published datasets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rdflib import Graph, Literal, URIRef, namespace

from .. import dcat
from ..models import Dataset
from .factories_datasets import dataset, topic

# rdflib's own JSON-LD parser still builds a ConjunctiveGraph.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]
# (No namespace is a module attribute here: pytest's collection probes their names.)


def parsed(response, fmt) -> Graph:
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content.decode(), format=fmt)
    return graph


@pytest.mark.parametrize(
    ("path", "fmt"), [("catalog.jsonld", "json-ld"), ("catalog.ttl", "turtle")]
)
def test_the_catalogue_parses_back_with_its_datasets_and_distributions(
    client, agency, officer, path, fmt
):
    public = dataset(
        agency,
        officer,
        name="penduduk",
        title="Penduduk",
        tags=["penduduk"],
        topic=topic(),
        temporal_start=dt.date(2020, 1, 1),
        temporal_end=dt.date(2024, 12, 31),
        contact_email="data@sumselprov.go.id",
    )
    dataset(agency, officer, name="konsep", title="Konsep", publish=False)
    graph = parsed(client.get(f"/sidata/{path}"), fmt)
    catalogs = list(graph.subjects(namespace.RDF.type, namespace.DCAT.Catalog))
    assert len(catalogs) == 1
    found = list(graph.objects(catalogs[0], namespace.DCAT.dataset))
    uri = URIRef("http://testserver/sidata/dataset/penduduk/")
    assert found == [uri]
    assert graph.value(uri, namespace.DCTERMS.title) == Literal("Penduduk")
    assert graph.value(uri, namespace.DCTERMS.identifier) == Literal(str(public.public_id))
    assert list(graph.objects(uri, namespace.DCAT.keyword)) == [Literal("penduduk")]
    period = graph.value(uri, namespace.DCTERMS.temporal)
    assert graph.value(period, namespace.DCAT.startDate).toPython() == dt.date(2020, 1, 1)
    contact = graph.value(uri, namespace.DCAT.contactPoint)
    assert graph.value(contact, dcat.VCARD.hasEmail) == URIRef("mailto:data@sumselprov.go.id")
    distribution = graph.value(uri, namespace.DCAT.distribution)
    assert (distribution, namespace.RDF.type, namespace.DCAT.Distribution) in graph
    assert graph.value(distribution, namespace.DCTERMS["format"]) == Literal("CSV")
    download = str(graph.value(distribution, namespace.DCAT.downloadURL))
    assert client.get(download.removeprefix("http://testserver")).status_code == 200
    assert "Konsep" not in client.get(f"/sidata/{path}").content.decode()


def test_paging_and_modified_since(client, agency, officer, monkeypatch):
    monkeypatch.setattr(dcat, "PAGE_SIZE", 2)
    made = [dataset(agency, officer, name=f"d{i}") for i in range(5)]
    Dataset.objects.filter(pk=made[0].pk).update(modified_at=timezone.now() - dt.timedelta(days=10))
    seen = []
    for page in (1, 2, 3):
        graph = parsed(client.get("/sidata/catalog.ttl", {"page": page}), "turtle")
        catalog = next(graph.subjects(namespace.RDF.type, namespace.DCAT.Catalog))
        seen += [
            str(u).rstrip("/").rsplit("/", 1)[-1]
            for u in graph.objects(catalog, namespace.DCAT.dataset)
        ]
        paging = next(graph.subjects(namespace.RDF.type, dcat.HYDRA.PagedCollection))
        assert graph.value(paging, dcat.HYDRA.totalItems).toPython() == 5
        assert (graph.value(paging, dcat.HYDRA.nextPage) is None) == (page == 3)
    assert sorted(seen) == ["d0", "d1", "d2", "d3", "d4"]
    since = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    graph = parsed(client.get("/sidata/catalog.jsonld", {"modified_since": since}), "json-ld")
    paging = next(graph.subjects(namespace.RDF.type, dcat.HYDRA.PagedCollection))
    assert graph.value(paging, dcat.HYDRA.totalItems).toPython() == 4


@pytest.mark.parametrize(
    "query", [{"page": "0"}, {"page": "x"}, {"page": "9" * 30}, {"modified_since": "yesterday"}]
)
def test_bad_parameters_are_400(client, query):
    response = client.get("/sidata/catalog.jsonld", query)
    assert response.status_code == 400


def test_one_dataset_and_drafts_are_not_found(client, agency, officer):
    dataset(agency, officer, name="sekolah", title="Sekolah")
    dataset(agency, officer, name="konsep", publish=False)
    graph = parsed(client.get("/sidata/dataset/sekolah.ttl"), "turtle")
    assert list(graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset)) == [
        URIRef("http://testserver/sidata/dataset/sekolah/")
    ]
    graph = parsed(client.get("/sidata/dataset/sekolah.jsonld"), "json-ld")
    assert len(list(graph.subjects(namespace.RDF.type, namespace.DCAT.Dataset))) == 1
    assert client.get("/sidata/dataset/konsep.jsonld").status_code == 404
    assert client.get("/sidata/dataset/nope.ttl").status_code == 404
