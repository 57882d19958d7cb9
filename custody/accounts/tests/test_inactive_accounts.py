"""Accounts unused for 90 days are disabled; their history stays intact."""

from datetime import timedelta
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from custody.accounts.models import SecurityEvent, SecurityEventKind
from custody.accounts.tests.factories import UserFactory
from integrity.log import sealed


def run():
    out = StringIO()
    call_command("disable_inactive_accounts", stdout=out)
    return out.getvalue()


def test_an_account_unused_for_more_than_90_days_is_disabled_and_one_used_in_89_is_not(booked, duty_officer):
    now = timezone.now()
    idle = UserFactory(username="idle", last_login=now - timedelta(days=90, minutes=1))
    recent = UserFactory(username="recent", last_login=now - timedelta(days=89))
    never = UserFactory(username="never", last_login=None)
    with sealed():
        never.date_joined = now - timedelta(days=91)
        never.save(update_fields=["date_joined"])
    duty_officer.last_login = now - timedelta(days=100)
    duty_officer.save(update_fields=["last_login"])
    with time_machine.travel(now, tick=False):
        output = run()
    for user in (idle, recent, never, duty_officer):
        user.refresh_from_db()
    assert (idle.is_active, recent.is_active, never.is_active, duty_officer.is_active) == (False, True, False, False)
    assert "3 accounts disabled" in output
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.DEACTIVATED).count() == 3
    # What the disabled officer wrote keeps its author.
    assert booked.entries.get().author == duty_officer


def test_running_it_again_disables_nobody_twice(db):
    UserFactory(last_login=timezone.now() - timedelta(days=200))
    run()
    assert "0 accounts disabled" in run()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.DEACTIVATED).count() == 1
