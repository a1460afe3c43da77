"""Core's API, mounted at the root of /api/v1/: regions, agencies (OPD) and one search
across every service. Output schemas list their fields; reads go through selectors."""

import json
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import NinjaJSONEncoder

from . import api_auth, pagecache, permissions, search, selectors
from .api_errors import InvalidInput
from .api_pagination import PageIn, PageOut, PagePagination, page_envelope
from .errors import NotFound
from .models import Agency, Region
from .search import cache as search_cache

router = Router(tags=["core"])

# Literal types, not the TextChoices: enums become named OpenAPI components, and every
# app has a "Kind"; inline values cannot collide.
RegionKind = Literal[tuple(Region.Kind.values)]
AgencyKind = Literal[tuple(Agency.Kind.values)]


# --- Schemas ----------------------------------------------------------------------------


class RegionOut(Schema):
    code: str = Field(description="Kemendagri code, e.g. 1671")
    name: str
    kind: RegionKind
    display_name: str = Field(description='e.g. "Kota Palembang"')
    capital: str
    latitude: float | None
    longitude: float | None


class AgencyOut(Schema):
    code: str
    short_name: str
    name: str
    name_en: str
    kind: AgencyKind
    region: str | None = Field(description="Code of the agency's region, if it has one")
    parent: str | None = Field(description="Code of the parent agency, if any")
    website_domain: str
    phone: str
    email: str
    is_active: bool

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class AgencyDetailOut(AgencyOut):
    mandate: str
    head_name: str
    head_title: str
    address: str
    latitude: float | None
    longitude: float | None


class AgencyFilters(Schema):
    kind: AgencyKind | None = Field(None, description="Only agencies of this kind")
    region: str | None = Field(
        None, max_length=8, description="Only agencies in this region (code)"
    )
    q: str | None = Field(None, max_length=100, description="Text in the name, short name or code")


class SearchIn(PageIn):
    q: str = Field("", max_length=200, description="What to look for")
    type: str | None = Field(
        None, max_length=500, description="Result types, comma-separated (e.g. portal.service)"
    )
    agency: str | None = Field(
        None, max_length=50, description="Only results of this agency (code)"
    )
    region: str | None = Field(None, max_length=8, description="Only results in this region (code)")
    prefix: bool = Field(False, description="Match the last word as a prefix (type-ahead)")


class SearchHitOut(Schema):
    type: str
    type_label: str
    title: str
    url: str
    summary: str
    snippet: str = Field(description="Safe HTML: escaped text, matched words in <mark>")
    score: float
    agency: str | None = Field(description="Code of the agency the result belongs to")
    region: str | None = Field(description="Code of the region the result is about")
    similar: int = Field(
        0, description="How many more results of this kind with the same title it stands for"
    )


class FacetOut(Schema):
    key: str = Field(description="The value to filter by: a type, an agency or a region code")
    label: str
    count: int


class SearchOut(PageOut):
    query: str
    suggestion: str | None = Field(description='A spelling correction ("did you mean")')
    corrected: bool = Field(description="True when the results are for the suggestion")
    matched_all: bool = Field(description="False when results match only some of the words")
    mentioned_only: bool = Field(
        False,
        description="True when no result is about the words (none holds one in its title, "
        "keywords or summary): they are only mentioned in the results' text",
    )
    capped: bool = Field(
        description="True when more than 10,000 documents matched: count says 10,000 and "
        "means more than that (facet counts stay exact)"
    )
    results: list[SearchHitOut]
    facets: dict[str, list[FacetOut]] = Field(description="Counts by type, agency and region")


# --- Endpoints ----------------------------------------------------------------------------


@router.get("/regions", response=list[RegionOut], summary="Regions (kabupaten/kota)")
@pagecache.public_answer
@paginate(PagePagination)
def region_list(request):
    return selectors.region_list()


@router.get("/regions/{code}", response=RegionOut, summary="One region")
@pagecache.public_answer
def region_detail(request, code: str):
    region = selectors.region_by_code(code)
    if region is None:
        raise NotFound(_("There is no region with this code."))
    return region


@router.get("/agencies", response=list[AgencyOut], summary="Agencies (OPD)")
@pagecache.public_answer
@paginate(PagePagination)
def agency_list(request, filters: Query[AgencyFilters]):
    return selectors.agency_list(
        api_auth.acting_user(request),
        kind=filters.kind,
        region_code=filters.region,
        q=filters.q,
    )


@router.get("/agencies/{code}", response=AgencyDetailOut, summary="One agency")
@pagecache.public_answer
def agency_detail(request, code: str):
    agency = selectors.agency_by_code(api_auth.acting_user(request), code)
    if agency is None:
        raise NotFound(_("There is no agency with this code."))
    return agency


@router.get("/search", response=SearchOut, summary="Search every service")
def search_all(request, params: Query[SearchIn]):
    """Answers for people who see only public documents are kept whole (as JSON) for
    ``S2C_SEARCH_CACHE_SECONDS`` and dropped by any index write, like the result cache:
    a repeated type-ahead question costs a cache read.

    ``_search_answer`` builds SearchOut field by field (a test holds it to the schema), so
    the answer is rendered without Ninja's validation pass, which on a page of hits with
    its facets costs about a tenth of the whole answer."""
    user = api_auth.acting_user(request)
    cache_key = None
    if search_cache.seconds() > 0 and search_cache.public_only(permissions.visibility_scope(user)):
        cache_key = search_cache.key(api="v1/search", **params.dict())
        body = search_cache.get(cache_key)
        if body is not None:
            return HttpResponse(body, content_type="application/json")
    body = json.dumps(_search_answer(user, params), cls=NinjaJSONEncoder).encode()
    if cache_key is not None:
        search_cache.put(cache_key, body)
    return HttpResponse(body, content_type="application/json")


def _search_answer(user, params: SearchIn) -> dict:
    problems: dict[str, list[str]] = {}
    agency_ids = region_ids = None
    if params.agency:
        agency = selectors.agency_by_code(user, params.agency)
        if agency is None:
            problems["agency"] = [str(_("There is no agency with this code."))]
        else:
            agency_ids = [agency.pk]
    if params.region:
        region = selectors.region_by_code(params.region)
        if region is None:
            problems["region"] = [str(_("There is no region with this code."))]
        else:
            region_ids = [region.pk]
    types = [t.strip() for t in (params.type or "").split(",") if t.strip()] or None
    if problems:
        raise InvalidInput(_("Some values in the request are not valid."), extra=problems)
    results = search.query(
        user=user,
        q=params.q,
        types=types,
        agency_ids=agency_ids,
        region_ids=region_ids,
        page=params.page,
        page_size=params.page_size,
        prefix=params.prefix,
    )
    agency_codes, region_codes = search.codes()
    codes = {"agency": agency_codes, "region": region_codes}
    hits = [
        {
            "type": hit.type,
            "type_label": str(hit.type_label),
            "title": hit.title,
            "url": hit.url,
            "summary": hit.summary,
            "snippet": str(hit.snippet),
            "score": float(hit.score),
            "agency": agency_codes.get(hit.agency_id),
            "region": region_codes.get(hit.region_id),
            "similar": hit.similar,
        }
        for hit in results.hits
    ]
    facets = {
        name: [
            {
                "key": codes[name].get(int(f.key), f.key) if name in codes else f.key,
                "label": str(f.label),
                "count": f.count,
            }
            for f in values
        ]
        for name, values in results.facets.items()
    }
    envelope = page_envelope(
        count=results.total, page=results.page, page_size=results.page_size, results=hits
    )
    return {
        **envelope,
        "query": results.query,
        "suggestion": results.suggestion,
        "corrected": results.corrected,
        "matched_all": results.matched_all,
        "mentioned_only": results.mentioned_only,
        "capped": results.capped,
        "facets": facets,
    }
