"""Conditional GETs for mobile apps: a weak ETag from a hash of the response body, and
304 Not Modified when the client's ``If-None-Match`` already has it."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.http import HttpResponse
from django.utils.translation import get_language
from pydantic import TypeAdapter


@cache
def _adapter(schema) -> TypeAdapter:
    return TypeAdapter(schema)


def _matches(header: str, tag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    bare = tag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in header.split(","))


def conditional_json(request, schema, data, *, max_age: int = 60) -> HttpResponse:
    """Validate ``data`` against ``schema``, and answer it (or 304) with an ETag."""
    adapter = _adapter(schema)
    payload = adapter.dump_python(adapter.validate_python(data), mode="json")
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    digest = hashlib.sha256(body + (get_language() or "").encode()).hexdigest()[:32]
    tag = f'W/"{digest}"'
    if _matches(request.headers.get("If-None-Match", ""), tag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Accept-Language, Cookie"
    return response
