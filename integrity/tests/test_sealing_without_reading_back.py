"""A writer hashes an entry as it holds it only when the database will return exactly that."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custody.lib.audit import create_audited, writing
from detainees import services
from detainees.models import EntryKind, TimelineEntry
from integrity import leaves
from integrity.log import seal
from integrity.models import Leaf, Source
from integrity.verify import verify

pytestmark = pytest.mark.django_db

# Text either engine can store: PostgreSQL refuses NUL and lone surrogates in text and jsonb.
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
scalars = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | text | st.floats(allow_nan=False, allow_infinity=False)
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=12
)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2026, 1, 1), timezones=st.just(ZoneInfo("Europe/Kyiv"))
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(details=st.dictionaries(text, json_values, max_size=5), occurred_at=moments, reason=text)
def test_a_row_taken_as_stored_is_exactly_the_row_the_database_returns(
    booked, duty_officer, details, occurred_at, reason
):
    with transaction.atomic(), writing(duty_officer):
        entry, audit_row = create_audited(
            TimelineEntry,
            record=booked,
            kind=EntryKind.NOTE,
            occurred_at=occurred_at,
            recorded_at=occurred_at,
            author=duty_officer,
            details=details,
            correction_reason=reason,
        )
        seal(facility=booked.facility_id, entries=[entry], audit=[audit_row])
    for source, row in ((Source.TIMELINE, entry), (Source.AUDIT, audit_row)):
        read_back = leaves.rows(source, [row.pk])[row.pk]
        as_stored = leaves.as_stored(source, row)
        if as_stored is not None:
            assert leaves.data(source, leaves.FORMAT, as_stored) == leaves.data(source, leaves.FORMAT, read_back)
        leaf = Leaf.objects.get(source=source, object_id=row.pk)
        assert leaf.hash == leaves.hash_of(source, leaf.version, read_back).hex()


def test_details_with_a_float_a_date_or_a_naive_time_are_read_back_instead(booked, duty_officer):
    def entry(**values):
        fields = {"occurred_at": timezone.now(), "details": {}} | values
        return TimelineEntry(pk=1, record=booked, kind=EntryKind.NOTE, author=duty_officer, **fields)

    assert leaves.as_stored(Source.TIMELINE, entry(details={"n": 1, "text": "так", "list": [True, None]}))
    assert leaves.as_stored(Source.TIMELINE, entry(details={"weight": 1e16})) is None
    assert leaves.as_stored(Source.TIMELINE, entry(details={"on": datetime(2026, 1, 1).date()})) is None
    assert leaves.as_stored(Source.TIMELINE, entry(details={1: "a key that is not text"})) is None
    assert leaves.as_stored(Source.TIMELINE, entry(occurred_at=datetime(2026, 1, 1, 12))) is None
    assert leaves.as_stored(Source.TIMELINE, entry(occurred_at=datetime(2026, 1, 1, 12, tzinfo=UTC)))
    assert leaves.as_stored(Source.TIMELINE, entry(correction_reason=5)) is None  # text column: comes back "5"


def test_an_audit_row_is_read_back_when_its_address_or_key_would_come_back_reworded(booked, duty_officer):
    entry = services.add_entry(
        record=booked, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "т"}
    )
    row = entry.audit_row
    assert leaves.as_stored(Source.AUDIT, row)
    for changed in ({"remote_addr": "2001:DB8::1"}, {"remote_addr": "::ffff:10.0.0.1"}, {"object_pk": entry.pk}):
        for name, value in changed.items():
            setattr(row, name, value)
        assert leaves.as_stored(Source.AUDIT, row) is None, changed
        row.refresh_from_db()


def test_an_entry_with_plain_details_is_sealed_without_reading_it_back_and_still_verifies(booked, duty_officer):
    with CaptureQueriesContext(connection) as queries:
        entry = services.add_entry(
            record=booked, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(), details={"text": "т"}
        )
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if sql.startswith('SELECT "detainees_timelineentry"')]
    assert not [sql for sql in reads if '"auditlog_logentry"' in sql]
    assert Leaf.objects.filter(source=Source.TIMELINE, object_id=entry.pk).exists()
    assert verify().intact
