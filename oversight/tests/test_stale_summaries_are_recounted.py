"""Summaries counted when a release met the notice of suspicion are dropped, counted live, then rebuilt."""

import importlib
import pkgutil
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from custody.facilities.models import Facility
from detainees.models import LegalBasis
from oversight import migrations
from oversight.models import RecordSummary
from oversight.stats.selectors import rows
from oversight.tests.test_statistics import DAY, HOUR, NOW, book, release


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# Found by its name, whatever number it ends up with.
(NAME,) = [m.name for m in pkgutil.iter_modules(migrations.__path__) if m.name.endswith("_recount_outcomes_by_release")]
migration = importlib.import_module(f"oversight.migrations.{NAME}")


def released_early_without_a_notice(duty_officer, facility):
    record = book(duty_officer, facility, NOW - 3 * DAY)
    release(record, duty_officer, record.detained_at + 20 * HOUR)
    # What the old rule stored: the release "met" the notice on time.
    RecordSummary.objects.filter(record=record).update(outcomes={"suspicion-notice": "on_time", "limit-72h": "on_time"})
    return record


def test_the_migration_drops_summaries_that_counted_a_notice_and_keeps_the_others(frozen, duty_officer, facility):
    stale = released_early_without_a_notice(duty_officer, facility)
    administrative = book(duty_officer, facility, NOW - 2 * DAY, legal_basis=LegalBasis.CAO_262)
    release(administrative, duty_officer, administrative.arrived_at + HOUR)
    migration.drop_stale_summaries(apps, None)
    assert list(RecordSummary.objects.values_list("record", flat=True)) == [administrative.pk]
    assert not RecordSummary.objects.filter(record=stale).exists()


def test_a_dropped_summary_is_counted_live_by_the_new_rule_until_rebuilt(frozen, duty_officer, facility):
    record = released_early_without_a_notice(duty_officer, facility)
    migration.drop_stale_summaries(apps, None)
    (row,) = rows(facilities=Facility.objects.filter(pk=facility.pk), start=NOW - 7 * DAY, end=NOW, now=NOW)
    assert "suspicion-notice" not in row.outcomes
    out = StringIO()
    call_command("rebuild_summaries", "--missing", stdout=out)
    assert "1 summaries rebuilt" in out.getvalue()
    assert "suspicion-notice" not in RecordSummary.objects.get(record=record).outcomes
