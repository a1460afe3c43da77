"""Open311 responses in JSON and XML, and the spec's error format.

Every text put into XML passes ``core.textinput.xml_text``: whatever was stored (before
the input rule, or by hand), the answer is well-formed XML."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

from django.http import HttpResponse

from s2c.core import calendar
from s2c.core.textinput import xml_text

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The element name of one item inside each XML root.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "keywords": "keyword",
}


def w3c(value) -> str | None:
    """An ISO 8601 time with its offset, in Asia/Jakarta (the spec's W3C format)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(calendar.JAKARTA).replace(microsecond=0).isoformat()
    return value.isoformat()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(str(value))


def _xml_value(parent: ET.Element, name: str, value) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list):
        child = ITEM_NAMES.get(name, "item")
        for item in value:
            _xml_value(element, child, item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _xml_value(element, ITEM_NAMES.get(root, "item"), item)
    else:
        for key, value in data.items():
            _xml_value(element, key, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(fmt: str, status: int, description) -> HttpResponse:
    """[{"code": 400, "description": "..."}] or <errors><error><code>…"""
    return respond(
        fmt if fmt in CONTENT_TYPES else "json",
        "errors",
        [{"code": status, "description": str(description)}],
        status=status,
    )
