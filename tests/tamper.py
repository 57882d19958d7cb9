"""Raw SQL as someone with the database owner's rights would run it, bypassing the application."""

from django.db import connection


def drop_triggers(table):
    """Remove the refusing triggers of `table` (rolled back with the test's transaction)."""
    with connection.cursor() as cursor:
        for op in ("update", "delete", "truncate"):
            name = f"{table}_refuse_{op}"
            if connection.vendor == "sqlite":
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
