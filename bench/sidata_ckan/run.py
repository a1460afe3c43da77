"""Measure Sidata's CKAN ``package_search`` on the generated catalogue (run generate.py
first): p50/p95 of requests through the whole Django stack (in-process test client, DEBUG
off), with facets on organization, groups, tags, res_format and license_id, for:

- the first page (rows=10, the CKAN default), no query;
- a word query (random subject words);
- an fq on an organization, on a tag, on a metadata_modified range;
- rows=100 and rows=1000 (the maximum: a harvester's page);
- a harvester's paging loop (rows=1000, sorted by metadata_modified asc) over the whole
  catalogue, checking every dataset is read exactly once.

    .venv/bin/python bench/sidata_ckan/run.py [--samples 200]

Results are printed and written to bench/out/sidata_ckan-<db>/results.json. Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

import _setup

_setup.setup_django()

from django.test import Client  # noqa: E402
from generate import SUBJECTS  # noqa: E402

from s2c.core.models import Agency  # noqa: E402
from s2c.sidata import ckan_search  # noqa: E402
from s2c.sidata.models import Dataset, Tag  # noqa: E402

API = "/sidata/api/3/action/package_search"
FACETS = '["organization","groups","tags","res_format","license_id"]'


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def timed(client: Client, params_list: list[dict], n: int, *, uncached=False) -> dict:
    """p50/p95 of ``n`` requests cycling through ``params_list``; ``uncached``: the
    package dictionaries kept in memory are dropped before each request (as after a
    write), so each answer reads and builds its page's datasets again."""
    for params in params_list[:3]:
        client.get(API, params)
    samples, counts = [], []
    for i in range(n):
        params = params_list[i % len(params_list)]
        if uncached:
            ckan_search.catalogue().packages.clear()
        started = time.perf_counter()
        response = client.get(API, params)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (params, response.content[:300])
        counts.append(response.json()["result"]["count"])
    out = percentiles(samples)
    out["mean_count"] = round(sum(counts) / len(counts))
    return out


def harvest(client: Client) -> dict:
    started = time.perf_counter()
    seen: list[str] = []
    start, pages = 0, 0
    while True:
        body = client.get(
            API, {"q": "*:*", "rows": 1000, "start": start, "sort": "metadata_modified asc"}
        ).json()
        names = [p["name"] for p in body["result"]["results"]]
        seen += names
        pages += 1
        if len(names) < 1000:
            break
        start += 1000
    total = Dataset.objects.filter(state="published").count()
    assert len(seen) == len(set(seen)) == total, (len(seen), len(set(seen)), total)
    return {"datasets": total, "pages": pages, "seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    n = args.samples
    rng = random.Random(5)
    client = Client()
    total = Dataset.objects.filter(state="published").count()
    orgs = list(Agency.objects.filter(is_active=True).values_list("code", flat=True))
    tags = list(Tag.objects.values_list("name", flat=True))
    base = {"facet.field": FACETS}
    rebuilds = []
    for _ in range(5):
        ckan_search.forget()
        started = time.perf_counter()
        ckan_search.catalogue()
        rebuilds.append(time.perf_counter() - started)
    results = {
        "engine": _setup.engine(),
        "published_datasets": total,
        "catalogue_rebuild_after_a_write": percentiles(rebuilds),
        "first_page_rows10_facets_uncached": timed(client, [base], n, uncached=True),
        "q_word_rows10_facets_uncached": timed(
            client,
            [base | {"q": rng.choice(SUBJECTS).replace("-", " ")} for _ in range(50)],
            n,
            uncached=True,
        ),
        "rows1000_facets_uncached": timed(client, [base | {"rows": 1000}], 10, uncached=True),
        "first_page_rows10_facets": timed(client, [base], n),
        "q_word_rows10_facets": timed(
            client, [base | {"q": rng.choice(SUBJECTS).replace("-", " ")} for _ in range(50)], n
        ),
        "fq_organization_rows10_facets": timed(
            client, [base | {"fq": f"organization:{rng.choice(orgs)}"} for _ in range(50)], n
        ),
        "fq_tag_rows10_facets": timed(
            client, [base | {"fq": f'tags:"{rng.choice(tags)}"'} for _ in range(50)], n
        ),
        "fq_modified_range_rows10_facets": timed(
            client,
            [base | {"fq": "metadata_modified:[NOW-90DAYS TO *]"}],
            n,
        ),
        "rows100_facets": timed(client, [base | {"rows": 100}], max(20, n // 4)),
        "rows1000_facets": timed(client, [base | {"rows": 1000}], max(10, n // 10)),
        "harvest_rows1000": harvest(client),
    }
    print(json.dumps(results, indent=2))
    out = _setup.data_dir() / "results.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"Written to {out}")


if __name__ == "__main__":
    main()
