"""/api/v1/docs: the API's reference as a plain S2C page, built from the OpenAPI document.
No JavaScript and nothing from a CDN (Ninja's Swagger page would load both)."""

from __future__ import annotations

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

METHOD_ORDER = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}


def _type_of(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = components.get(name)
        return _type_of(target, components) if target and "enum" in target else name
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        parts = (_type_of(s, components) for s in schema["anyOf"] if s.get("type") != "null")
        return " | ".join(parts)
    return str(schema.get("type", ""))


def operations_by_tag(schema: dict) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    components = schema.get("components", {}).get("schemas", {})
    for path, methods in schema.get("paths", {}).items():
        for method, op in sorted(methods.items(), key=lambda m: METHOD_ORDER.get(m[0], 9)):
            params = [
                {
                    "name": p["name"],
                    "where": p.get("in", ""),
                    "required": bool(p.get("required")),
                    "type": _type_of(p.get("schema", {}), components),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            tag = (op.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": params,
                    "secured": bool(op.get("security")),
                }
            )
    return sorted(groups.items(), key=lambda g: (g[0] != "core", g[0]))


class ApiDocs(DocsBase):
    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "core/api_docs.html",
            {
                "api": api,
                "groups": operations_by_tag(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )
