"""Datasets for tests, made through the real services."""

from __future__ import annotations

import io
import itertools

from s2c.core.tests import factories

from .. import datasets as ds
from ..models import Dataset, Topic

_n = itertools.count(1)

POPULATION_CSV = (
    b"kode,kabupaten_kota,tahun,penduduk,luas_km2,kota\n"
    b"1671,Palembang,2024,1772492,400.61,ya\n"
    b"1601,Ogan Komering Ulu,2024,380000,4797.06,tidak\n"
    b"1610,Ogan Ilir,2024,434000,2666.07,tidak\n"
    b"1674,Lubuk Linggau,2024,,401.5,ya\n"
    b"1672,Prabumulih,2023,199000,251.94,ya\n"
)


class Named(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def topic(name: str = "kependudukan", title: str = "Kependudukan") -> Topic:
    return Topic.objects.get_or_create(name=name, defaults={"title": title})[0]


def dataset(agency, by=None, *, publish=True, csv: bytes | None = POPULATION_CSV, **fields):
    """A dataset of ``agency`` with one CSV resource, published by a walidata unless
    ``publish`` is False."""
    by = by or factories.make_officer(agency)
    n = next(_n)
    fields = {"name": f"dataset-{n}", "title": f"Dataset {n}"} | fields
    made = ds.dataset_create(agency=agency, by=by, **fields)
    if csv is not None:
        ds.resource_add(dataset=made, by=by, name="Data", file=Named(csv, "data.csv"))
    if publish:
        walidata = factories.make_province_admin()
        ds.dataset_submit(dataset=made, by=by)
        ds.dataset_approve(dataset=made, by=walidata)
    return Dataset.objects.get(pk=made.pk)
