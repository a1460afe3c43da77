"""The API's shapes: explicit fields, never a model's."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema

from s2c.core.api_pagination import PageIn, PageOut
from s2c.core.textinput import TextIn


class VersionOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    note: str
    uploaded_at: dt.datetime
    extraction: str = Field(description='"pending", "done" or "failed"')
    pages: int | None
    ocr_pages: int
    download_url: str


class DocumentOut(Schema):
    public_id: UUID
    title: str
    description: str
    agency: str = Field(description="the agency's code")
    document_date: dt.date | None
    classification: str | None = Field(description="the archive classification code")
    tags: list[str]
    access: str = Field(description='"public", "province", "agency" or "restricted"')
    legal_hold: bool
    downloads: int
    created_at: dt.datetime
    updated_at: dt.datetime
    url: str
    current: VersionOut | None


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]
    related: list[UUID]


class DocumentPageOut(PageOut):
    results: list[DocumentOut]


class DocumentsIn(TextIn, PageIn):
    year: int | None = Field(
        None, ge=1800, le=2200, description="the year of its date (of its filing, without one)"
    )
    agency: str = Field("", max_length=50)
    classification: str = Field("", max_length=30)
    tag: str = Field("", max_length=100)
    access: str = Field("", max_length=20)


class DocumentIn(TextIn):
    agency: str = Field(max_length=50, description="the agency's code")
    title: str = Field("", max_length=300)
    description: str = Field("", max_length=20_000)
    document_date: dt.date | None = None
    classification: str = Field("", max_length=30)
    tags: str = Field("", max_length=2000, description="separated by commas")
    access: str = Field("agency", max_length=20)
    readers: str = Field("", max_length=4000, description="user names, separated by commas")
    note: str = Field("", max_length=500)


class DocumentUpdateIn(TextIn):
    title: str = Field(max_length=300)
    description: str = Field("", max_length=20_000)
    document_date: dt.date | None = None
    classification: str = Field("", max_length=30)
    tags: list[str] = Field(default_factory=list, max_length=30)
    access: str = Field(max_length=20)
    readers: list[str] = Field(default_factory=list, max_length=200)
    related: list[UUID] = Field(default_factory=list, max_length=100)


class VersionIn(TextIn):
    note: str = Field("", max_length=500)
