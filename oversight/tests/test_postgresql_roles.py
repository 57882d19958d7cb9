"""On PostgreSQL the application's own role cannot UPDATE, DELETE or TRUNCATE history.

Runs on PostgreSQL only (deselected on SQLite, which has no roles): CI runs the suite on both.
"""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from custody.lib.appendonly import PROTECTED_TABLES
from detainees import services
from detainees.models import EntryKind
from integrity.verify import verify
from tests.tamper import drop_triggers, execute

pytestmark = pytest.mark.postgresql


@pytest.fixture
def app_role(db):
    """A fresh role with exactly the documented grants, assumed for the rest of the test."""
    role = f"custody_app_{uuid.uuid4().hex[:8]}"
    out = StringIO()
    call_command("app_role_sql", role, stdout=out)
    execute(f'CREATE ROLE "{role}" NOLOGIN')  # rolled back with the test's transaction
    for statement in out.getvalue().splitlines():
        execute(statement)
    yield role
    execute("RESET ROLE")


def refused(sql):
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        execute(sql)
    return str(error.value)


def test_the_application_role_still_writes_entries_and_seals_them(booked, duty_officer, app_role):
    execute(f'SET ROLE "{app_role}"')
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now(),
        details={"text": "записано роллю застосунку"},
    )
    execute("RESET ROLE")  # verification stores its run as the owner would, from the scheduled command
    assert verify().intact


def test_without_the_triggers_the_grants_alone_refuse_changing_history(booked, app_role):
    for table in PROTECTED_TABLES:
        drop_triggers(table)  # as the owner: leave only the privileges in the way
    execute(f'SET ROLE "{app_role}"')
    for table, refuse in PROTECTED_TABLES.items():
        if "UPDATE" in refuse:
            key = "chain" if table == "oversight_chainhead" else "id"
            assert "permission denied" in refused(f'UPDATE "{table}" SET {key} = {key}')
        assert "permission denied" in refused(f'DELETE FROM "{table}"')
        assert "permission denied" in refused(f'TRUNCATE "{table}" CASCADE')


def test_the_owner_is_still_refused_by_the_triggers(booked):
    assert connection.vendor == "postgresql"
    assert "append-only" in refused("UPDATE detainees_timelineentry SET kind = kind")
    assert "append-only" in refused("DELETE FROM integrity_leaf")
    assert "append-only" in refused("UPDATE integrity_node SET hash = hash")


def test_the_facts_taken_at_booking_cannot_be_rewritten_by_the_application_role(booked, duty_officer, app_role):
    execute(f'SET ROLE "{app_role}"')
    for column in ("detained_at", "grounds", "person_id", "legal_basis"):
        assert "permission denied" in refused(f"UPDATE detainees_custodyrecord SET {column} = {column}")
    for column in ("surname", "document_number", "date_of_birth"):
        assert "permission denied" in refused(f"UPDATE detainees_person SET {column} = {column}")
    # ...while the state the services keep still changes: release the detainee as the app role.
    services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"})
    booked.refresh_from_db()
    assert booked.status == "released"
