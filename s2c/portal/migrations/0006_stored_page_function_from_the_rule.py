"""PostgreSQL: the stored page's read, generated from the one visibility rule.

``portal_stored_page`` of migration 0005 repeated by hand the rule of who may see a
service. Its body is now the read that ``s2c.portal.pages.read_sql`` generates from
``selectors.public_services`` (``pages.postgres_function_body()``, pasted here), and the
tests compare the installed body with what the code generates: when the rule changes, they
fail until a new migration installs the new read. The function only takes what a visit
asks (code, language, build); why it is a PL/pgSQL function at all is in
docs/architecture.md ("Stored service pages")."""

import importlib

from django.db import migrations

QUERY = (
    'SELECT "portal_servicepage"."body" AS "body", "portal_servicepage"."meta" AS "meta" '
    'FROM "portal_servicepage" WHERE ("portal_servicepage"."build" = $3 AND '
    '"portal_servicepage"."code" = $1 AND "portal_servicepage"."language" = $2 AND '
    'EXISTS(SELECT 1 AS "a" FROM "portal_service" U0 INNER JOIN "core_agency" U1 ON '
    '(U0."agency_id" = U1."id") WHERE (U1."is_active" AND U0."status" = \'published\' AND '
    'U0."page_version" = ("portal_servicepage"."page_version") AND U0."id" = '
    '("portal_servicepage"."service_id")) LIMIT 1))'
)

FUNCTION = f"""
CREATE FUNCTION portal_stored_page(p_code text, p_language text, p_build text)
RETURNS TABLE (body bytea, meta jsonb) LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY {QUERY};
END
$$
"""

OLD = "DROP FUNCTION IF EXISTS portal_stored_page(text, text, text, text, boolean)"
NEW = "DROP FUNCTION IF EXISTS portal_stored_page(text, text, text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD)
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEW)
        before = importlib.import_module("s2c.portal.migrations.0005_stored_page_function")
        schema_editor.execute(before.FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_stored_page_function")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
