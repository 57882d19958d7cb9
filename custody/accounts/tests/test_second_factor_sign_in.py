"""After the password, a code from the authenticator app or a recovery code; each code works once."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from custody.accounts import twofactor
from custody.accounts.models import SecurityEvent, SecurityEventKind
from custody.accounts.roles import Role
from custody.accounts.tests.client import Client
from custody.accounts.tests.factories import TOTPDeviceFactory, UserFactory, next_code
from integrity.log import sealed

PASSWORD = "довгий-пароль-2026"


@pytest.fixture
def officer(facility):
    user = UserFactory(username="shevchenko", role=Role.DUTY_OFFICER, facilities=[facility])
    with sealed():  # a national object: the change goes into the national log
        user.set_password(PASSWORD)
        user.save()
    return user


@pytest.fixture
def phone(officer):
    return TOTPDeviceFactory(user=officer)


def password(client):
    response = client.post(reverse("login"), {"username": "shevchenko", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302
    return client


def code(client, value, next_url=""):
    return client.post(reverse("second-factor"), {"code": value, "next": next_url}, REMOTE_ADDR="10.0.0.7")


def events(*kinds):
    return list(SecurityEvent.objects.filter(kind__in=kinds).order_by("pk").values_list("kind", flat=True))


def test_after_the_password_every_page_sends_the_user_to_the_code_page_and_back(client, phone, clock):
    password(client)
    board = reverse("detainees:board")
    response = client.get(board)
    assert response.status_code == 302 and response.url == f"{reverse('second-factor')}?next={board}"
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert f'href="{reverse("detainees:record-list")}"' not in page.content.decode()  # no navigation yet
    answer = code(client, next_code(phone), next_url=board)
    assert answer.status_code == 302 and answer.url == board
    assert client.get(board).status_code == 200
    assert events(SecurityEventKind.LOGIN, SecurityEventKind.OTP_PASSED) == [
        SecurityEventKind.LOGIN,
        SecurityEventKind.OTP_PASSED,
    ]


def test_a_password_only_session_cannot_write_or_reach_the_admin(client, phone, booked, clock):
    from detainees.models import TimelineEntry

    password(client)
    entries = TimelineEntry.objects.count()
    response = client.post(reverse("detainees:entry-create", args=[booked.pk, "note"]), {"text": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("second-factor"))
    assert TimelineEntry.objects.count() == entries
    assert client.get("/admin/").url.startswith(reverse("second-factor"))


def test_a_code_once_used_is_refused_the_second_time(phone, clock):
    first = password(Client())
    spent = next_code(phone)
    assert code(first, spent).status_code == 302
    second = password(Client())
    response = code(second, spent)
    assert response.status_code == 200
    assert "A code works only once" in response.content.decode()
    assert second.get(reverse("detainees:board")).status_code == 302
    assert events(SecurityEventKind.OTP_PASSED, SecurityEventKind.OTP_FAILED) == [
        SecurityEventKind.OTP_PASSED,
        SecurityEventKind.OTP_FAILED,
    ]


def test_wrong_codes_slow_the_device_down_until_the_wait_is_over(client, phone, clock):
    password(client)
    right = next_code(phone)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert "not accepted" in code(client, wrong).content.decode()
    clock.shift(timedelta(seconds=1))  # one failure: 1 second
    assert "not accepted" in code(client, wrong).content.decode()
    refused = code(client, right)  # two failures: 2 seconds, even for the right code
    assert "Wait 2 seconds" in refused.content.decode()
    assert client.get(reverse("detainees:board")).status_code == 302
    clock.shift(timedelta(seconds=2))
    assert code(client, right).status_code == 302
    assert events(SecurityEventKind.OTP_FAILED, SecurityEventKind.OTP_PASSED) == [SecurityEventKind.OTP_FAILED] * 3 + [
        SecurityEventKind.OTP_PASSED
    ]


def test_a_recovery_code_signs_in_once(client, phone, clock):
    recovery = twofactor.new_recovery_codes(actor=phone.user, user=phone.user)
    password(client)
    assert code(client, recovery[0].upper()).status_code == 302  # typed in capitals, with the dash
    event = SecurityEvent.objects.get(kind=SecurityEventKind.RECOVERY_USED)
    assert (event.user, event.detail) == (phone.user, "9 left")
    again = password(Client())
    assert code(again, recovery[0]).status_code == 200
    assert StaticToken.objects.filter(device__user=phone.user).count() == 9


def test_an_account_without_a_second_factor_cannot_get_in(client, officer):
    password(client)
    page = client.get(reverse("second-factor"))
    assert "no second factor yet" in page.content.decode()
    assert code(client, "123456").status_code == 200
    assert client.get(reverse("detainees:board")).status_code == 302


def test_the_next_address_cannot_lead_off_the_site(client, phone, clock):
    password(client)
    response = code(client, next_code(phone), next_url="https://evil.example/")
    assert response.url == reverse("home")


def test_neither_codes_nor_secrets_reach_any_log(client, phone, clock):
    recovery = twofactor.new_recovery_codes(actor=phone.user, user=phone.user)
    password(client)
    code(client, "000000")
    clock.shift(timedelta(seconds=2))
    spent = next_code(phone)
    code(client, spent)
    logged = str(list(SecurityEvent.objects.values())) + str(list(LogEntry.objects.values()))
    for secret in (spent, phone.key, recovery[1].replace("-", ""), recovery[1]):
        assert secret not in logged
    assert not LogEntry.objects.filter(content_type__app_label__in=["otp_totp", "otp_static"]).exists()
