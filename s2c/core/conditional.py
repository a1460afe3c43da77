"""Conditional GETs (ETag, If-None-Match → 304), one mechanism for the API and pages.

- An answer whose body is cheap to build but worth not sending again (an API GET read by
  mobile apps): ``conditional_json`` validates the data against its schema, tags the body
  with a weak ETag from its hash (and the language), and lets Django's own
  ``get_conditional_response`` answer 304 when the client already holds it.
- A page whose freshness is known before it is built (a version number, a last change):
  Django's ``django.views.decorators.http.condition(etag_func=..., last_modified_func=...)``
  on the view, with ``weak_etag`` to make the tag.

Only for answers that may be cached publicly: ``conditional_json`` sends
``Cache-Control: public``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language
from pydantic import TypeAdapter


@cache
def _adapter(schema) -> TypeAdapter:
    return TypeAdapter(schema)


def weak_etag(*parts: bytes | str) -> str:
    """A weak ETag (``W/"…"``) from a hash of ``parts``."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return f'W/"{digest.hexdigest()[:32]}"'


def conditional_json(request, schema, data, *, max_age: int = 60) -> HttpResponse:
    """Validate ``data`` against ``schema``, and answer it (or 304) with an ETag."""
    adapter = _adapter(schema)
    payload = adapter.dump_python(adapter.validate_python(data), mode="json")
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    tag = weak_etag(body, get_language() or "")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Accept-Language, Cookie"
    return get_conditional_response(request, etag=tag, response=response)
