"""Append-only tables: rows are inserted, never updated or deleted.

Two layers, on purpose. The model layer refuses in Python so a bug fails loudly in tests;
the database layer (triggers, installed by `AppendOnly` in a migration) refuses even raw SQL
from a console, on SQLite and PostgreSQL alike.
"""

from django.db import migrations, models


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of an append-only table."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")

    # bulk_update would bypass save(); refuse it too.
    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never updated.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION custody_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


# Every table the database must protect, and what it refuses there.
PROTECTED_TABLES = {
    "detainees_timelineentry": ("UPDATE", "DELETE"),
    "auditlog_logentry": ("UPDATE", "DELETE"),
    # Records change status and people get a document added, but neither ever disappears.
    "detainees_custodyrecord": ("DELETE",),
    "detainees_person": ("DELETE",),
    "inspections_findingevent": ("UPDATE", "DELETE"),
    "inspections_finding": ("DELETE",),
    "inspections_recordreview": ("DELETE",),
    "inspections_reviewitem": ("DELETE",),
    "inspections_cellinspection": ("UPDATE", "DELETE"),
    "inspections_defect": ("DELETE",),
    "oversight_seal": ("UPDATE", "DELETE"),
    "oversight_verification": ("UPDATE", "DELETE"),
    "oversight_accessevent": ("UPDATE", "DELETE"),
    "integrity_leaf": ("UPDATE", "DELETE"),
    "integrity_node": ("UPDATE", "DELETE"),
    "integrity_treehead": ("UPDATE", "DELETE"),
    "integrity_verification": ("UPDATE", "DELETE"),
    # A log's head moves with every seal but is never removed.
    "integrity_log": ("DELETE",),
    # The old chain's head, frozen since the cut-over to the logs (integrity migration 0002).
    "oversight_chainhead": ("UPDATE", "DELETE"),
    "oversight_namedaccessgrant": ("DELETE",),
    "oversight_monitoringvisit": ("DELETE",),
    "accounts_securityevent": ("UPDATE", "DELETE"),
}


def install_triggers(connection, tables=None):
    """(Re)create the refusing triggers; safe to run any number of times.

    Run after every `migrate`: SQLite rebuilds a table to add a column, and the rebuilt table
    has no triggers. Without this a later migration would silently drop the protection.
    """
    tables = tables or PROTECTED_TABLES
    if connection.vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"Custody Records supports SQLite and PostgreSQL, not {connection.vendor}.")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        existing = set(connection.introspection.table_names(cursor))
        for table, refuse in tables.items():
            if table not in existing:
                continue
            for op in refuse:
                name = f"{table}_refuse_{op.lower()}"
                if connection.vendor == "sqlite":
                    cursor.execute(
                        f'CREATE TRIGGER IF NOT EXISTS "{name}" BEFORE {op} ON "{table}" '
                        f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: {op} refused'); END;"
                    )
                else:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" BEFORE {op} ON "{table}" '
                        f"FOR EACH ROW EXECUTE FUNCTION custody_refuse_change();"
                    )
            if connection.vendor == "postgresql" and "DELETE" in refuse:
                name = f"{table}_refuse_truncate"
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";')
                cursor.execute(
                    f'CREATE TRIGGER "{name}" BEFORE TRUNCATE ON "{table}" '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION custody_refuse_change();"
                )


def reinstall_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    install_triggers(connections[using])


class AppendOnly(migrations.operations.base.Operation):
    """Migration operation installing the refuse-UPDATE/DELETE triggers on one table.

    `operations = [AppendOnly("detainees_timelineentry", refuse=("UPDATE", "DELETE"))]`.
    Pass refuse=("DELETE",) for a table whose rows may change state but never disappear.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, table, refuse=("UPDATE", "DELETE")):
        self.table = table
        self.refuse = tuple(refuse)

    def deconstruct(self):
        return self.__class__.__name__, [self.table], {"refuse": self.refuse}

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return f"Make {self.table} refuse {' and '.join(self.refuse)}"

    def _name(self, op):
        return f"{self.table}_refuse_{op.lower()}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        install_triggers(schema_editor.connection, {self.table: self.refuse})

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        for op in (*self.refuse, "TRUNCATE"):
            if vendor == "sqlite":
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{self._name(op)}";')
            else:
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{self._name(op)}" ON "{self.table}";')


def app_role_privileges(role):
    """SQL (PostgreSQL) giving the application's login role what it needs and no more.

    The schema owner runs migrations; the application connects as `role`, which may read and
    write ordinary tables but never UPDATE, DELETE or TRUNCATE history: even a compromised
    application, or a mistake in it, cannot rewrite the past. The triggers stay as a second
    lock for the owner. Run after every `migrate` (new tables need their grants).
    """
    quoted = '"' + role.replace('"', '""') + '"'
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {quoted};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted};",
    ]
    for table, refuse in PROTECTED_TABLES.items():
        statements.append(f'REVOKE {", ".join(refuse)} ON "{table}" FROM {quoted};')
    for table, columns in UPDATABLE_COLUMNS.items():
        statements.append(f'REVOKE UPDATE ON "{table}" FROM {quoted};')
        if columns:
            statements.append(f'GRANT UPDATE ({", ".join(columns)}) ON "{table}" TO {quoted};')
    return statements


# Rows that change state, and the only columns the application ever changes: the facts taken
# at booking (identity, moment of detention, grounds) stay as written, even for the app role.
UPDATABLE_COLUMNS = {
    "detainees_custodyrecord": [
        "status",
        "closed_at",
        "current_cell_id",
        "open_movement_id",
        "observation_level",
        "is_intoxicated",
    ],
    "detainees_person": [],
    "integrity_log": ["size", "frontier", "root", "updated_at"],
    # The old chain's head is frozen since the logs took over (integrity migration 0002).
    "oversight_chainhead": [],
}
