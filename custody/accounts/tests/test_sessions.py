"""Sessions: 30 minutes idle (renewed once a minute), 12 hours at most, a new id at sign-in, gone at
sign-out; users end their other sessions."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from custody.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from custody.accounts.roles import Role
from custody.accounts.tests.client import Client
from custody.accounts.tests.factories import TOTPDeviceFactory, UserFactory, next_code

PASSWORD = "довгий-пароль-2026"


@pytest.fixture
def officer(facility):
    user = UserFactory(username="shevchenko", role=Role.DUTY_OFFICER, facilities=[facility])
    user.set_password(PASSWORD)
    user.save()
    TOTPDeviceFactory(user=user)
    return user


def english():
    return Client()


def sign_in(client, ip="10.0.0.1", agent="Desk"):
    """Password, then the code from the officer's authenticator."""
    response = client.post(
        reverse("login"), {"username": "shevchenko", "password": PASSWORD}, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent
    )
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user__username="shevchenko")
    response = client.post(reverse("second-factor"), {"code": next_code(device)}, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def board(client):
    return client.get(reverse("detainees:board"))


def test_idle_for_29_59_stays_signed_in_and_30_01_is_sent_to_sign_in(officer):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = sign_in(english())
        clock.shift(timedelta(minutes=29, seconds=59))
        assert board(client).status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))  # measured from the last request
        response = board(client)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_page_refreshed_within_the_minute_writes_nothing_and_one_a_minute_later_renews_the_session(officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = sign_in(english())
        key = client.cookies["sessionid"].value
        clock.shift(timedelta(seconds=59))
        with CaptureQueriesContext(connection) as queries:
            assert board(client).status_code == 200
        writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
        assert writes == []
        clock.shift(timedelta(seconds=2))
        assert board(client).status_code == 200
        session = Session.objects.get(session_key=key)
        assert session.expire_date == timezone.now() + timedelta(minutes=30)
        assert UserSession.objects.get(session_key=key).last_seen_at == timezone.now()


def test_the_idle_timeout_runs_from_the_last_renewal_so_never_longer_than_30_minutes(officer):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = sign_in(english())
        clock.shift(timedelta(seconds=30))
        assert board(client).status_code == 200  # within the minute: the expiry stays 30 min after sign-in
        clock.shift(timedelta(minutes=29, seconds=31))
        response = board(client)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_session_ends_after_12_hours_however_active(officer):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = sign_in(english())
        for _ in range(24):  # a request every 29 minutes, 11 h 36 min
            clock.shift(timedelta(minutes=29))
            assert board(client).status_code == 200
        clock.shift(timedelta(minutes=25))  # 12 h 01 min after signing in
        response = board(client)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_EXPIRED, user=officer).count() == 1


def test_signing_in_gives_a_new_session_id(officer):
    client = english()
    client.get(reverse("login"))
    client.session["probe"] = 1
    before = client.cookies.get("sessionid")
    sign_in(client)
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_signing_out_kills_the_session_on_the_server(officer):
    client = sign_in(english())
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    stolen = english()
    stolen.cookies["sessionid"] = key
    assert board(stolen).status_code == 302


def test_a_user_sees_their_sessions_and_ends_another_one(officer):
    desk, tablet = sign_in(english(), agent="Desk PC"), sign_in(english(), ip="10.0.0.9", agent="Tablet")
    page = desk.get(reverse("accounts:sessions"))
    assert page.status_code == 200
    assert "Tablet" in page.content.decode() and "this session" in page.content.decode()
    other = UserSession.objects.get(user_agent="Tablet")
    assert desk.post(reverse("accounts:end-session", args=[other.pk])).status_code == 302
    assert board(tablet).status_code == 302  # the tablet is signed out
    assert board(desk).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_ENDED, user=officer).count() == 1


def test_nobody_can_end_someone_elses_session(officer, facility):
    sign_in(english(), agent="Desk PC")
    intruder = UserFactory(role=Role.DUTY_OFFICER, facilities=[facility])
    client = english()
    client.force_login(intruder)
    target = UserSession.objects.get(user=officer)
    assert client.post(reverse("accounts:end-session", args=[target.pk])).status_code == 404
    assert UserSession.objects.filter(pk=target.pk).exists()
