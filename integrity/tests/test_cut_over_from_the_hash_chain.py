"""A database sealed by the old single hash chain migrates into the logs and verifies.

The old-style state is rebuilt in the test database: the logs emptied, the old chain's seals
computed by the frozen code of oversight migration 0003; then integrity migration 0002 runs.
"""

import importlib
import json

import pytest
from django.apps import apps

from detainees.models import TimelineEntry
from integrity.models import Leaf, Log, Source
from integrity.verify import verify
from oversight.models import ChainHead, Seal
from tests.tamper import drop_triggers, execute

pytestmark = pytest.mark.tampers

old_chain = importlib.import_module("oversight.migrations.0003_seal_existing_history")
cut_over = importlib.import_module("integrity.migrations.0002_cut_over_from_hash_chain")


@pytest.fixture
def sealed_the_old_way(history, elsewhere):
    for table in (
        "integrity_leaf",
        "integrity_node",
        "integrity_log",
        "integrity_treehead",
        "oversight_chainhead",
        "oversight_seal",
    ):
        drop_triggers(table)
    for table in (
        "integrity_leaf",
        "integrity_node",
        "integrity_treehead",
        "integrity_log",
        "oversight_seal",
        "oversight_chainhead",
    ):
        execute(f'DELETE FROM "{table}"')
    old_chain.seal_existing(apps, None)
    return history


def test_every_old_seal_becomes_a_leaf_of_its_facilitys_log_and_the_logs_verify(sealed_the_old_way, facility):
    seals = Seal.objects.count()
    assert seals and ChainHead.objects.get(chain="timeline").seq == TimelineEntry.objects.count()
    cut_over.cut_over(apps, None)
    assert Leaf.objects.count() == seals
    mine = Log.objects.get(facility=facility)
    assert set(Leaf.objects.filter(source=Source.TIMELINE, log=mine).values_list("object_id", flat=True)) == set(
        sealed_the_old_way.entries.values_list("pk", flat=True)
    )
    report = verify()
    assert report.intact, str(report)


def test_an_old_chain_broken_before_the_cut_over_stops_it_naming_the_link(sealed_the_old_way):
    entry = sealed_the_old_way.entries.order_by("pk").last()
    drop_triggers("detainees_timelineentry")
    execute("UPDATE detainees_timelineentry SET details = %s WHERE id = %s", [json.dumps({"text": "x"}), entry.pk])
    with pytest.raises(RuntimeError, match=f"timeline hash chain is broken at link #\\d+ \\(row {entry.pk}\\)"):
        cut_over.cut_over(apps, None)
    assert not Leaf.objects.exists()


def test_an_old_chain_missing_its_newest_links_stops_the_cut_over(sealed_the_old_way):
    last = Seal.objects.filter(chain="timeline").order_by("-seq").first()
    execute("DELETE FROM oversight_seal WHERE id = %s", [last.pk])
    drop_triggers("detainees_timelineentry")
    with pytest.raises(RuntimeError, match="its newest links were removed"):
        cut_over.cut_over(apps, None)


def test_the_cut_over_writes_batch_by_batch_and_the_result_is_the_same(sealed_the_old_way, monkeypatch):
    monkeypatch.setattr(cut_over, "BATCH", 3)  # many batches of seals read and of leaves written
    cut_over.cut_over(apps, None)
    assert Leaf.objects.count() == Seal.objects.count()
    assert verify().intact
