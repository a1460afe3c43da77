"""The OpenAPI document of /api/v1, told truly.

Ninja's document lists only the answers an operation declares (its 200 or 201) and merges
the schemas of every operation by name, the last one winning: two enums called ``Kind``
in two apps became one, and half the operations pointed at the wrong values.
``OpenAPIDocument`` (used by ``s2c.api.build_api`` through ``DocumentedApi``) fixes both
at the root:

- every operation declares the error answers that the API's error handlers
  (``core.api_errors``) can give it, with the one error schema ``ErrorOut``: 400, 422 and
  429 everywhere; 404 where the path names something; 401 and 403 where the caller must
  be signed in;
- two different schemas with one name are refused when the document is built
  (``SchemaNameClash``), so a clash fails the tests instead of lying to clients. Give
  one of them another name (core's API uses ``Literal`` values instead of TextChoices
  enums for that reason).
"""

from __future__ import annotations

from http.client import responses as reasons

from django.core.exceptions import ImproperlyConfigured
from ninja import Field, NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema


class ErrorDetailOut(Schema):
    code: str = Field(description='A stable, machine-readable code, e.g. "validation_error"')
    message: str = Field(description="For people, in the language of Accept-Language")
    details: dict = Field(
        description="More about the error: the invalid fields with their messages (422), "
        "retry_after in seconds (429), the allowed methods (405)"
    )


class ErrorOut(Schema):
    error: ErrorDetailOut


ALWAYS = (400, 422, 429)
WHEN_PATH_HAS_PARAMETERS = (404,)
WHEN_SIGNED_IN = (401, 403)


class SchemaNameClash(ImproperlyConfigured):
    pass


class OpenAPIDocument(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                raise SchemaNameClash(
                    f"Two different schemas are called {name!r} in the OpenAPI document; "
                    "give one of them another name."
                )
        super().add_schema_definitions(definitions)

    def responses(self, operation) -> dict:
        result = super().responses(operation)
        statuses = list(ALWAYS)
        if "{" in operation.path:
            statuses += WHEN_PATH_HAS_PARAMETERS
        if operation.auth_callbacks:
            statuses += WHEN_SIGNED_IN
        schema, _ = self._create_schema_from_model(
            ErrorOut, remove_level=False, mode="serialization"
        )
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        self.schemas.setdefault("ErrorOut", schema)
        for status in sorted(statuses):
            result.setdefault(
                status,
                {
                    "description": reasons.get(status, "Error"),
                    "content": {self.api.renderer.media_type: {"schema": ref}},
                },
            )
        return dict(sorted(result.items()))


class DocumentedApi(NinjaAPI):
    """A NinjaAPI whose OpenAPI document is an ``OpenAPIDocument``."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return OpenAPIDocument(self, path_prefix)
