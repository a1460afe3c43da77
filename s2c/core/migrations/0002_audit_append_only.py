"""Database triggers that make the audit log append-only, below the ORM.

UPDATE and DELETE on core_auditentry are refused, with one exception: the links to a
deleted user or agency may be cleared (ON DELETE SET NULL), because the entry keeps the
actor's name in ``actor_repr``; a link can never be pointed at someone else.

Written by hand (SQLite and PostgreSQL differ). On SQLite, a later migration that
rebuilds core_auditentry (most AlterField operations do) drops these triggers with the
old table: such a migration must run SQLITE_FORWARD again.
"""

from django.db import migrations

MESSAGE = "The audit log is append-only"

_FIXED_COLUMNS = (
    "id",
    "at",
    "actor_repr",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
    "ip_address",
    "request_id",
)
_quoted = ", ".join(f'"{c}"' for c in _FIXED_COLUMNS)

SQLITE_FORWARD = [
    f"""CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: entries cannot be deleted'); END""",
    f"""CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE OF {_quoted} ON core_auditentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: entries cannot be changed'); END""",
    f"""CREATE TRIGGER core_auditentry_no_relink BEFORE UPDATE OF "actor_id", "agency_id"
    ON core_auditentry
    WHEN (NEW."actor_id" IS NOT OLD."actor_id" AND NEW."actor_id" IS NOT NULL)
      OR (NEW."agency_id" IS NOT OLD."agency_id" AND NEW."agency_id" IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: entries cannot be changed'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_relink",
]

_old = ", ".join(f'OLD."{c}"' for c in _FIXED_COLUMNS)
_new = ", ".join(f'NEW."{c}"' for c in _FIXED_COLUMNS)
POSTGRESQL_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION '{MESSAGE}: entries cannot be deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF ROW({_new}) IS DISTINCT FROM ROW({_old})
           OR (NEW."actor_id" IS DISTINCT FROM OLD."actor_id" AND NEW."actor_id" IS NOT NULL)
           OR (NEW."agency_id" IS DISTINCT FROM OLD."agency_id" AND NEW."agency_id" IS NOT NULL)
        THEN
            RAISE EXCEPTION '{MESSAGE}: entries cannot be changed'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$""",
    """CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]

_BY_VENDOR = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


def _run(schema_editor, which: int) -> None:
    # Other databases are not supported by S2C; the model-level guard still applies.
    for statement in _BY_VENDOR.get(schema_editor.connection.vendor, ([], []))[which]:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def reverse(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]
