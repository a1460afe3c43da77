"""PostgreSQL keeps a stored page in its row.

A page is about 3.5 KB of zlib data, which PostgreSQL cannot compress further, so by
default it moved every body out of line into the TOAST table, and then the ~100 bytes of
meta too (the row was still over its 2 KB target): each visit to a stored page paid TOAST
index lookups and chunk reads. With STORAGE MAIN both stay in the row (two or three rows
per 8 KB page). Only values written from now on are affected; the worker rewrites every
page after an upgrade anyway (its build stamp changes)."""

from django.db import migrations


def body_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE portal_servicepage ALTER COLUMN body SET STORAGE MAIN, "
            "ALTER COLUMN meta SET STORAGE MAIN"
        )


def body_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE portal_servicepage ALTER COLUMN body SET STORAGE EXTENDED, "
            "ALTER COLUMN meta SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_service_pages")]

    operations = [migrations.RunPython(body_inline, body_default, elidable=False)]
