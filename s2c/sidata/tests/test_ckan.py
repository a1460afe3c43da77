"""The CKAN Action API: envelope, errors, every action, search with fq and facets, only
published datasets ever; the real ``ckanapi`` client and a harvester's paging loop over a
live server."""

from __future__ import annotations

import datetime as dt
import json

import ckanapi
import pytest
from django.utils import timezone

from s2c.core.tests import factories

from .. import ckan_search
from .. import datasets as ds
from ..models import Dataset, Topic
from .factories_datasets import dataset, topic

pytestmark = pytest.mark.django_db

API = "/sidata/api/3/action/"


def call(client, action, method="get", **params):
    if method == "post":
        return client.post(API + action, json.dumps(params), content_type="application/json")
    return client.get(API + action, params)


@pytest.fixture
def catalogue(agency, other_agency, officer):
    health = topic("kesehatan", "Kesehatan")
    people = topic("kependudukan", "Kependudukan")
    a = dataset(
        agency, officer, name="penduduk", title="Penduduk Sumsel", tags=["penduduk"], topic=people
    )
    b = dataset(
        agency,
        officer,
        name="puskesmas",
        title="Puskesmas",
        tags=["kesehatan", "penduduk"],
        topic=health,
        licence="odc-odbl",
    )
    other_officer = factories.make_officer(other_agency)
    c = dataset(
        other_agency,
        other_officer,
        name="rumah-sakit",
        title="Rumah sakit",
        tags=["kesehatan"],
        topic=health,
    )
    draft = dataset(
        agency,
        officer,
        name="konsep",
        title="Konsep rahasia",
        publish=False,
        tags=["penduduk"],
        topic=people,
    )
    return {"a": a, "b": b, "c": c, "draft": draft}


def test_package_show_is_shaped_as_ckans(client, catalogue):
    response = call(client, "package_show", id="puskesmas")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["help"].endswith("/sidata/api/3/action/help_show?name=package_show")
    package = body["result"]
    dataset_ = catalogue["b"]
    assert package["id"] == str(dataset_.public_id)
    assert (package["name"], package["title"], package["type"], package["state"]) == (
        "puskesmas",
        "Puskesmas",
        "dataset",
        "active",
    )
    assert package["private"] is False
    assert (package["license_id"], package["license_title"]) == (
        "odc-odbl",
        "Open Data Commons Open Database License (ODbL)",
    )
    assert package["organization"]["name"] == "dinas-a"
    assert package["organization"]["is_organization"] is True
    assert [g["name"] for g in package["groups"]] == ["kesehatan"]
    assert [t["name"] for t in package["tags"]] == ["kesehatan", "penduduk"]
    assert (package["num_tags"], package["num_resources"]) == (2, 1)
    resource = package["resources"][0]
    assert resource["package_id"] == package["id"]
    assert resource["format"] == "CSV" and resource["url"].startswith("http://testserver/")
    assert {"key": "spatial_coverage", "value": "Provinsi Sumatera Selatan"} in package["extras"]
    # CKAN's timestamps: UTC, no offset.
    parsed = dt.datetime.fromisoformat(package["metadata_modified"])
    assert parsed.tzinfo is None
    assert parsed.replace(tzinfo=dt.UTC) == Dataset.objects.get(pk=dataset_.pk).modified_at
    # By id too, and the unversioned path.
    again = client.get("/sidata/api/action/package_show", {"id": package["id"]}).json()
    assert again["result"]["name"] == "puskesmas"


def test_drafts_are_never_shown_whoever_asks(client, catalogue):
    client.force_login(factories.make_province_admin())
    response = call(client, "package_show", id="konsep")
    assert response.status_code == 404
    assert response.json()["error"]["__type"] == "Not Found Error"
    assert response.json()["success"] is False
    draft_resource = catalogue["draft"].resources.get()
    assert call(client, "resource_show", id=str(draft_resource.public_id)).status_code == 404
    assert "konsep" not in call(client, "package_list").json()["result"]
    search = call(client, "package_search", q="rahasia").json()["result"]
    assert search["count"] == 0
    tags = call(client, "package_search", **{"facet.field": '["tags"]'}).json()["result"]
    assert tags["facets"]["tags"] == {"kesehatan": 2, "penduduk": 2}


def test_package_search_filters_sorts_pages_and_facets(client, catalogue):
    result = call(client, "package_search", fq="organization:dinas-a").json()["result"]
    assert sorted(p["name"] for p in result["results"]) == ["penduduk", "puskesmas"]
    result = call(client, "package_search", fq="tags:kesehatan -organization:dinas-a").json()
    assert [p["name"] for p in result["result"]["results"]] == ["rumah-sakit"]
    result = call(client, "package_search", fq='groups:"kesehatan"', sort="name desc").json()
    assert [p["name"] for p in result["result"]["results"]] == ["rumah-sakit", "puskesmas"]
    result = call(
        client,
        "package_search",
        "post",
        q="sumsel",
        fq_list=["res_format:CSV", "license_id:cc-by"],
    ).json()["result"]
    assert [p["name"] for p in result["results"]] == ["penduduk"]
    result = call(
        client,
        "package_search",
        "post",
        rows=1,
        start=1,
        sort="name asc",
        **{"facet.field": ["organization", "groups", "res_format", "license_id"]},
    ).json()["result"]
    assert result["count"] == 3
    assert [p["name"] for p in result["results"]] == ["puskesmas"]
    assert result["facets"]["organization"] == {"dinas-a": 2, "dinas-b": 1}
    assert result["facets"]["groups"] == {"kesehatan": 2, "kependudukan": 1}
    assert result["facets"]["res_format"] == {"CSV": 3}
    assert result["facets"]["license_id"] == {"cc-by": 2, "odc-odbl": 1}
    items = result["search_facets"]["organization"]["items"]
    assert items[0] == {"name": "dinas-a", "display_name": "Dinas Contoh A", "count": 2}
    limited = call(client, "package_search", **{"facet.field": '["tags"]', "facet.limit": 1})
    assert len(limited.json()["result"]["search_facets"]["tags"]["items"]) == 1


def test_metadata_modified_ranges(client, catalogue):
    old = catalogue["c"]
    Dataset.objects.filter(pk=old.pk).update(modified_at=timezone.now() - dt.timedelta(days=30))
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = call(client, "package_search", fq=f"metadata_modified:[{since} TO *]").json()
    assert sorted(p["name"] for p in result["result"]["results"]) == ["penduduk", "puskesmas"]
    result = call(client, "package_search", fq="metadata_modified:[* TO NOW-7DAYS]").json()
    assert [p["name"] for p in result["result"]["results"]] == ["rumah-sakit"]


@pytest.mark.parametrize(
    ("params", "kind", "status"),
    [
        ({"rows": "abc"}, "Validation Error", 409),
        ({"rows": "-1"}, "Validation Error", 409),
        ({"start": "1e309"}, "Validation Error", 409),
        ({"fq": "nosuchfield:x"}, "Search Query Error", 409),
        ({"fq": 'tags:"unbalanced'}, "Search Query Error", 409),
        ({"fq": "metadata_modified:[yesterday TO *]"}, "Search Query Error", 409),
        ({"sort": "password asc"}, "Search Query Error", 409),
        ({"facet.field": '["secret"]'}, "Search Query Error", 409),
        ({"facet.field": "[not json"}, "Validation Error", 409),
    ],
)
def test_bad_search_parameters_get_ckans_errors_not_500(client, params, kind, status):
    response = call(client, "package_search", **params)
    assert response.status_code == status
    assert response.json()["error"]["__type"] == kind
    assert response.json()["success"] is False


def test_rows_is_capped_at_1000_and_a_huge_start_is_past_the_end(client, catalogue):
    result = call(client, "package_search", rows="100000").json()["result"]
    assert result["count"] == 3 and len(result["results"]) == 3
    result = call(client, "package_search", start="99999999999999999999999").json()["result"]
    assert result["count"] == 3 and result["results"] == []


def test_errors_for_unknown_actions_bodies_and_methods(client):
    response = call(client, "package_delete")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "Bad request - Action name not known: package_delete"
    )
    response = client.post(API + "package_show", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["__type"] == "Bad Request"
    assert client.delete(API + "package_list").status_code == 405
    response = call(client, "package_show")
    assert (response.status_code, response.json()["error"]["__type"]) == (409, "Validation Error")
    assert response.json()["error"]["id"] == ["Missing value"]
    assert call(client, "package_show", id="\x00x" * 3).status_code == 404
    assert call(client, "organization_show", id="nope").status_code == 404
    assert call(client, "group_show", id="nope").status_code == 404
    assert call(client, "resource_show", id="12").status_code == 404


def test_organizations_groups_tags_and_status(client, catalogue, agency):
    orgs = call(client, "organization_list").json()["result"]
    assert orgs == ["dinas-a", "dinas-b"]
    full = call(client, "organization_list", all_fields="true").json()["result"]
    assert [(o["name"], o["package_count"]) for o in full] == [("dinas-a", 2), ("dinas-b", 1)]
    shown = call(client, "organization_show", id=full[0]["id"], include_datasets="true").json()
    assert shown["result"]["name"] == "dinas-a"
    assert sorted(p["name"] for p in shown["result"]["packages"]) == ["penduduk", "puskesmas"]
    groups = call(client, "group_list", all_fields=True, sort="package_count desc").json()
    assert [(g["name"], g["package_count"]) for g in groups["result"]] == [
        ("kesehatan", 2),
        ("kependudukan", 1),
    ]
    group = call(client, "group_show", id="kependudukan").json()["result"]
    assert (group["package_count"], group["type"]) == (1, "group")
    assert call(client, "tag_list").json()["result"] == ["kesehatan", "penduduk"]
    assert call(client, "tag_list", query="sehat").json()["result"] == ["kesehatan"]
    status = call(client, "status_show").json()["result"]
    assert status["ckan_version"].startswith("2.10")
    assert call(client, "package_list", limit=1, offset=1).json()["result"] == ["puskesmas"]
    resource = catalogue["a"].resources.get()
    shown = call(client, "resource_show", id=str(resource.public_id)).json()["result"]
    assert (shown["id"], shown["format"]) == (str(resource.public_id), "CSV")


def test_unpublishing_takes_a_dataset_out_of_the_api(client, catalogue, officer):
    ds.dataset_unpublish(dataset=catalogue["a"], by=officer)
    assert call(client, "package_show", id="penduduk").status_code == 404
    assert call(client, "package_search").json()["result"]["count"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_ckanapi_client_and_a_harvester_read_the_catalogue(live_server):
    agency = factories.make_agency(code="dinkes", short_name="Dinkes", name="Dinas Kesehatan")
    officer = factories.make_officer(agency)
    names = {
        dataset(agency, officer, name=f"data-{i:02d}", title=f"Data {i}").name for i in range(23)
    }
    dataset(agency, officer, name="konsep", publish=False)
    with ckanapi.RemoteCKAN(live_server.url + "/sidata", user_agent="s2c-test/1.0") as remote:
        shown = remote.action.package_show(id="data-07")
        assert (shown["name"], shown["organization"]["name"]) == ("data-07", "dinkes")
        with pytest.raises(ckanapi.NotFound):
            remote.action.package_show(id="konsep")
        with pytest.raises(ckanapi.ValidationError):
            remote.action.package_search(rows="many")
        result = remote.action.package_search(q="Data", rows=5, **{"facet.field": ["organization"]})
        assert result["count"] == 23
        assert result["search_facets"]["organization"]["items"][0]["count"] == 23
        # A harvester's loop: pages of `rows` until a page comes back short; every dataset once.
        seen: list[str] = []
        start, rows = 0, 10
        while True:
            page = remote.action.package_search(
                q="*:*",
                fq="+dataset_type:dataset",
                rows=rows,
                start=start,
                sort="metadata_modified asc",
            )
            seen += [p["name"] for p in page["results"]]
            if len(page["results"]) < rows:
                break
            start += rows
        assert len(seen) == len(set(seen)) == 23 and set(seen) == names
    with ckanapi.RemoteCKAN(live_server.url + "/sidata", get_only=True) as get_only:
        assert len(get_only.action.package_list()) == 23
        assert get_only.action.organization_list(all_fields=True)[0]["package_count"] == 23


def test_search_sees_every_change_at_once(client, catalogue, agency, other_agency):
    facets = '["organization","groups"]'
    first = call(client, "package_search", **{"facet.field": facets}).json()["result"]
    assert first["count"] == 3
    # A closed agency's datasets leave the search, its counts and facets.
    other_agency.is_active = False
    other_agency.save()
    result = call(client, "package_search", **{"facet.field": facets}).json()["result"]
    assert result["count"] == 2 and "dinas-b" not in result["facets"]["organization"]
    # A renamed topic shows its new title in facets and packages.
    group = Topic.objects.get(name="kesehatan")
    group.title = "Kesehatan masyarakat"
    group.save()
    result = call(client, "package_search", q="puskesmas", **{"facet.field": facets}).json()
    assert result["result"]["search_facets"]["groups"]["items"][0]["display_name"] == (
        "Kesehatan masyarakat"
    )
    assert result["result"]["results"][0]["groups"][0]["title"] == "Kesehatan masyarakat"
    # An edit of a published dataset (by the walidata) is searchable at once.
    ds.dataset_edit(
        dataset=catalogue["a"], by=factories.make_province_admin(), title="Penduduk 2025"
    )
    result = call(client, "package_search", q="2025").json()["result"]
    assert [p["title"] for p in result["results"]] == ["Penduduk 2025"]


def test_search_reads_a_page_in_a_constant_number_of_queries(
    client, catalogue, agency, officer, django_assert_max_num_queries
):
    params = {"rows": 50, "facet.field": '["organization","groups","tags"]'}
    call(client, "package_search", **params)  # builds the in-memory catalogue
    ckan_search.catalogue().packages.clear()
    with django_assert_max_num_queries(12) as few:
        assert call(client, "package_search", **params).json()["result"]["count"] == 3
    queries = len(few.captured_queries)
    for _ in range(6):
        dataset(agency, officer, tags=["lain"], topic=topic())
    call(client, "package_search", **params)
    ckan_search.catalogue().packages.clear()
    with django_assert_max_num_queries(queries):
        assert call(client, "package_search", **params).json()["result"]["count"] == 9
