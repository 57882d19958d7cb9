"""Administrators enrol and reset a person's authenticator; users move to a new phone and renew recovery codes."""

import re
from base64 import b32decode
from binascii import hexlify
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from custody.accounts import twofactor
from custody.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from custody.accounts.roles import Role
from custody.accounts.tests.client import Client
from custody.accounts.tests.factories import TOTPDeviceFactory, UserFactory, next_code
from integrity.log import sealed

PASSWORD = "довгий-пароль-2026"


@pytest.fixture
def newcomer(facility):
    user = UserFactory(username="melnyk", role=Role.DUTY_OFFICER, facilities=[facility])
    with sealed():  # a national object: the change goes into the national log
        user.set_password(PASSWORD)
        user.save()
    return user


def shown_secret(page):
    """What the person types into the app when the QR code cannot be scanned."""
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page.content.decode()).group(1).replace(" ", "")
    return hexlify(b32decode(secret)).decode()


def phone_code(key, steps_ahead=0):
    totp = TOTP(bytes.fromhex(key))
    totp.drift = steps_ahead
    return f"{totp.token():06d}"


def sign_in(user, device=None, code=None):
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    if device is not None or code is not None:
        client.post(reverse("second-factor"), {"code": code or next_code(device)})
    return client


def test_showing_the_qr_code_creates_nothing(client, administrator, newcomer):
    client.force_login(administrator)
    devices = TOTPDevice.objects.count()
    page = client.get(reverse("accounts:user-two-factor-enrol", args=[newcomer.pk]))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert "otpauth" not in page.content.decode()  # the secret travels inside the QR code only
    assert TOTPDevice.objects.count() == devices
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.DEVICE_ADDED).exists()


def test_an_administrator_enrols_a_newcomer_who_then_signs_in_with_the_phone(client, administrator, newcomer, clock):
    client.force_login(administrator)
    url = reverse("accounts:user-two-factor-enrol", args=[newcomer.pk])
    key = shown_secret(client.get(url))
    wrong = client.post(url, {"code": f"{(int(phone_code(key)) + 1) % 1_000_000:06d}"})
    assert "does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=newcomer).exists()

    codes_page = client.post(url, {"code": phone_code(key)})
    assert codes_page.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", codes_page.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device = TOTPDevice.objects.get(user=newcomer)
    assert device.confirmed and device.key == key
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DEVICE_ADDED)
    assert (event.user, event.actor, event.detail) == (newcomer, administrator, "")

    # The code used to confirm the phone is spent; the next one signs in.
    spent = sign_in(newcomer, code=phone_code(key))
    assert spent.get(reverse("detainees:board")).status_code == 302
    clock.shift(timedelta(seconds=1))  # the refusal slowed the device down for a second
    fresh = sign_in(newcomer, code=phone_code(key, steps_ahead=1))
    assert fresh.get(reverse("detainees:board")).status_code == 200


def test_only_administrators_open_someone_elses_second_factor(client, duty_officer, facility_head, newcomer):
    for user in (duty_officer, facility_head):
        client.force_login(user)
        for name in ("accounts:user-two-factor", "accounts:user-two-factor-enrol"):
            assert client.get(reverse(name, args=[newcomer.pk])).status_code == 403
        assert (
            client.post(reverse("accounts:user-two-factor-reset", args=[newcomer.pk]), {"reason": "x"}).status_code
            == 403
        )
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.DEVICE_RESET).exists()


def test_a_reset_needs_a_reason_and_changes_nothing_without_one(client, administrator, newcomer):
    TOTPDeviceFactory(user=newcomer)
    client.force_login(administrator)
    response = client.post(reverse("accounts:user-two-factor-reset", args=[newcomer.pk]), {"reason": "  "})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert TOTPDevice.objects.filter(user=newcomer).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.DEVICE_RESET).exists()


def test_a_reset_removes_the_devices_and_ends_the_persons_sessions(client, administrator, newcomer, clock):
    device = TOTPDeviceFactory(user=newcomer)
    twofactor.new_recovery_codes(actor=newcomer, user=newcomer)
    at_desk = sign_in(newcomer, device)
    assert at_desk.get(reverse("detainees:board")).status_code == 200
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:user-two-factor-reset", args=[newcomer.pk]), {"reason": "телефон втрачено 27.11"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=newcomer).exists()
    assert not StaticDevice.objects.filter(user=newcomer).exists()
    assert not UserSession.objects.filter(user=newcomer).exists()
    assert at_desk.get(reverse("detainees:board")).status_code == 302
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DEVICE_RESET)
    assert (event.user, event.actor, event.detail) == (newcomer, administrator, "телефон втрачено 27.11")
    # Signing in again ends at "no second factor yet".
    again = sign_in(newcomer)
    assert "no second factor yet" in again.get(reverse("second-factor")).content.decode()


def test_moving_to_a_new_phone_asks_for_the_password_and_keeps_this_session(newcomer, clock):
    old = TOTPDeviceFactory(user=newcomer)
    client = sign_in(newcomer, old)
    url = reverse("accounts:two-factor-enrol")
    key = shown_secret(client.get(url))
    refused = client.post(url, {"password": "wrong password", "code": phone_code(key)})
    assert "That is not your password" in refused.content.decode()
    assert TOTPDevice.objects.get(user=newcomer) == old
    assert client.post(url, {"password": PASSWORD, "code": phone_code(key)}).status_code == 200
    assert TOTPDevice.objects.get(user=newcomer).key == key
    assert client.get(reverse("detainees:board")).status_code == 200  # still verified
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DEVICE_ADDED)
    assert (event.actor, event.detail) == (newcomer, "replaced the previous authenticator")


def test_new_recovery_codes_replace_the_old_ones(newcomer, clock):
    device = TOTPDeviceFactory(user=newcomer)
    old_codes = twofactor.new_recovery_codes(actor=newcomer, user=newcomer)
    client = sign_in(newcomer, device)
    url = reverse("accounts:recovery-codes")
    assert "That is not your password" in client.post(url, {"password": "nope"}).content.decode()
    page = client.post(url, {"password": PASSWORD})
    new_codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", page.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert StaticToken.objects.filter(device__user=newcomer).count() == 10
    stale = sign_in(newcomer, code=old_codes[0])
    assert stale.get(reverse("detainees:board")).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RECOVERY_ISSUED, user=newcomer).count() == 2


def test_the_own_page_shows_the_device_and_codes_left(client, newcomer):
    TOTPDeviceFactory(user=newcomer)
    twofactor.new_recovery_codes(actor=newcomer, user=newcomer)
    client.force_login(newcomer)
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "enrolled" in page and "Move to a new phone" in page
    assert re.search(r"Recovery codes left</dt>\s*<dd[^>]*>10<", page)


def test_the_first_administrator_is_enrolled_from_the_terminal(administrator, monkeypatch, clock):
    out = StringIO()
    keys = []
    real_provisioning = twofactor.provisioning

    def capture(user, key):
        keys.append(key)
        return real_provisioning(user, key)

    monkeypatch.setattr(twofactor, "provisioning", capture)
    answers = iter(["000000", None])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers) or phone_code(keys[0]))
    call_command("enrol_second_factor", administrator.username, stdout=out, stderr=StringIO())
    assert TOTPDevice.objects.get(user=administrator).key == keys[0]
    assert len(re.findall(r"^  [a-z2-7]{4}-[a-z2-7]{4}$", out.getvalue(), re.M)) == 10
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DEVICE_ADDED)
    assert (event.user, event.actor) == (administrator, None)


def test_the_terminal_enrolment_gives_up_after_three_wrong_codes(administrator, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "000000")
    with pytest.raises(CommandError):
        call_command("enrol_second_factor", administrator.username, stdout=StringIO(), stderr=StringIO())
    assert not TOTPDevice.objects.filter(user=administrator).exists()


def test_the_demo_code_is_printed_only_in_demo_mode(settings, clock):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_code", stdout=StringIO())
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", stdout=out)
    assert out.getvalue().startswith(phone_code(twofactor.demo_key()))


def test_sessions_of_others_survive_a_reset(client, administrator, newcomer, duty_officer, clock):
    other = Client()
    other.force_login(duty_officer)
    client.force_login(administrator)
    client.post(reverse("accounts:user-two-factor-reset", args=[newcomer.pk]), {"reason": "телефон"})
    assert other.get(reverse("detainees:board")).status_code == 200
    assert Session.objects.exists()


def test_the_admin_user_pages_show_the_second_factor_and_link_to_it(client, administrator, newcomer):
    TOTPDeviceFactory(user=newcomer)
    client.force_login(administrator)
    listing = client.get(reverse("admin:accounts_user_changelist"))
    assert listing.status_code == 200 and "second factor" in listing.content.decode().lower()
    page = client.get(reverse("admin:accounts_user_change", args=[newcomer.pk]))
    assert page.status_code == 200
    assert reverse("accounts:user-two-factor", args=[newcomer.pk]) in page.content.decode()


def test_django_otp_admin_pages_are_not_offered(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
