"""Five consecutive failures lock the account for ten minutes, whatever the address; all of it is recorded."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from custody.accounts.models import SecurityEvent, SecurityEventKind
from custody.accounts.tests.factories import UserFactory
from integrity.log import sealed

PASSWORD = "правильний-пароль-2026"


@pytest.fixture
def officer(db):
    user = UserFactory(username="petrenko")
    with sealed():  # a national object: the change goes into the national log
        user.set_password(PASSWORD)
        user.save()
    return user


def attempt(client, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": "petrenko", "password": password}, REMOTE_ADDR=ip)


def signed_in(response):
    return response.status_code == 302 and response.url != reverse("login")


def test_after_five_failures_the_sixth_attempt_is_refused_even_with_the_right_password_until_ten_minutes_pass(
    client, officer
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(4):
            assert attempt(client, f"wrong-{n}", ip=f"10.0.0.{n}").status_code == 200  # the form again
        assert attempt(client, "wrong-4", ip="10.0.0.4").status_code == 429  # the fifth failure locks
        locked = attempt(client, PASSWORD, ip="10.9.9.9")  # another address: the account itself is locked
        assert locked.status_code == 429
        assert "locked for 10 minutes" in locked.content.decode()
        clock.shift(timedelta(minutes=9, seconds=59))
        assert attempt(client, PASSWORD).status_code == 429
        clock.shift(timedelta(seconds=2))
        assert signed_in(attempt(client, PASSWORD))


def test_four_failures_then_a_success_reset_the_count(client, officer):
    for n in range(4):
        attempt(client, f"wrong-{n}")
    assert signed_in(attempt(client, PASSWORD))
    client.logout()
    for n in range(4):
        attempt(client, f"wrong-again-{n}")
    assert signed_in(attempt(client, PASSWORD))


def test_failures_and_the_lockout_are_recorded_once_each_without_the_password(client, officer):
    for n in range(5):
        attempt(client, f"secret-guess-{n}", ip="10.1.1.1")
    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED)
    assert failed.count() == 5
    assert set(failed.values_list("user", "username", "ip")) == {(officer.pk, "petrenko", "10.1.1.1")}
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT, user=officer).count() == 1
    stored = " ".join(str(v) for row in SecurityEvent.objects.values() for v in row.values())
    assert "secret-guess" not in stored and PASSWORD not in stored


def test_a_failure_for_an_unknown_username_is_recorded_with_the_name_typed(client, db):
    client.post(reverse("login"), {"username": "nobody", "password": "x" * 12})
    event = SecurityEvent.objects.get()
    assert (event.kind, event.user, event.username) == (SecurityEventKind.LOGIN_FAILED, None, "nobody")
