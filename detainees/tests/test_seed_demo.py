"""The demo data command: complete, idempotent, and refused on a production configuration."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from custody.accounts.models import User
from custody.facilities.models import Facility
from detainees.models import CustodyRecord, Status, TimelineEntry, Transfer, TransferStatus
from integrity.verify import verify


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_the_demo_has_two_facilities_a_user_per_role_and_a_dozen_records(seeded, settings):
    assert Facility.objects.count() == 2
    assert CustodyRecord.objects.count() == 14
    assert set(CustodyRecord.objects.values_list("status", flat=True)) == set(Status.values)
    assert TimelineEntry.objects.filter(corrects__isnull=False).exists()
    for username in ("duty", "inspector", "medic", "head", "prosecutor", "monitor", "admin"):
        request = RequestFactory().post("/login/")  # django-axes checks every sign-in against its request
        assert authenticate(request, username=username, password=settings.DEMO_PASSWORD) is not None, username


def test_the_demo_has_a_detainee_on_the_way_from_itt_1_to_itt_2(seeded):
    transfer = Transfer.objects.get(status=TransferStatus.PENDING)
    assert (transfer.from_record.facility.code, transfer.to_facility.code) == ("ITT1", "ITT2")
    assert [bag["bag_number"] for bag in transfer.bags] == ["ПК-0188"]


def test_the_demo_entries_were_recorded_minutes_after_they_happened_and_are_sealed_intact(seeded):
    delays = {entry.recorded_at - entry.occurred_at for entry in TimelineEntry.objects.all()}
    assert max(delays) <= timedelta(hours=1)
    assert TimelineEntry.objects.filter(recorded_at__lt=timezone.now() - timedelta(days=1)).exists()
    assert verify().intact


def test_running_the_demo_again_changes_nothing(seeded):
    counts = (User.objects.count(), CustodyRecord.objects.count(), TimelineEntry.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert (User.objects.count(), CustodyRecord.objects.count(), TimelineEntry.objects.count()) == counts


def test_the_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()
