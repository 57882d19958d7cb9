"""The second factor: a TOTP authenticator app, and single-use recovery codes for a lost phone.

Every staff account needs both factors. After the password, `SecondFactorMiddleware` sends the
session to the code page until a code from one of the user's confirmed devices is accepted.
Devices change only through the functions below, each writing one security event; their
secrets never enter the audit trail (settings exclude these models from django-auditlog).

An account without a device cannot enrol itself after a password alone: an administrator enrols
it with the person present (or `manage.py enrol_second_factor` for the first administrator).
A user who has passed both factors may move to a new phone or issue new recovery codes.
"""

import re
import time
from base64 import b32decode, b32encode
from binascii import hexlify, unhexlify
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .models import SecurityEventKind, UserSession
from .security import drop_sessions, record

APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
# The secret being enrolled waits in the (server-side) session until a code proves the phone
# has it: showing the QR code creates nothing in the database.
PENDING_KEY = "twofactor.pending"
TOTP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


class CodeRefused(Exception):
    """The code was wrong, already used, or the device is still slowed down by earlier failures."""

    def __init__(self, wait_seconds=0):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


# --- Reading ---------------------------------------------------------------------------------


def app_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise(code):
    """What people type: spaces and dashes dropped ("123 456", "abcd-efgh"), any case."""
    return re.sub(r"[\s-]", "", code or "").lower()


# --- Enrolment -------------------------------------------------------------------------------


def pending_secret(request, user):
    """The secret offered to `user` in this session (made on first sight, kept until confirmed)."""
    pending = request.session.get(PENDING_KEY) or {}
    if pending.get("user") != user.pk:
        pending = {"user": user.pk, "key": random_hex(20)}
        request.session[PENDING_KEY] = pending
    return pending["key"]


def provisioning(user, key):
    """The otpauth:// address, its QR code as a data: URI (allowed by the CSP) and the secret typed by hand."""
    device = TOTPDevice(user=user, key=key)
    uri = device.config_url
    secret = b32encode(unhexlify(key)).decode()
    return {
        "uri": uri,
        "qr": segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


def enrol(*, actor, user, key, code, request=None):
    """Confirm a new authenticator from its first code; it replaces any earlier one.

    Returns the new recovery codes (shown once). The enrolment code itself is spent: it cannot
    be used again to sign in.
    """
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6)
    totp.time = time.time()
    code = normalise(code)
    if not TOTP_CODE.match(code) or not totp.verify(int(code), tolerance=1):
        raise CodeRefused
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).delete()[0] > 0
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
        )
        codes = _replace_recovery_codes(user)
        record(
            SecurityEventKind.DEVICE_ADDED,
            request=request,
            user=user,
            actor=actor,
            detail="replaced the previous authenticator" if replaced else "",
        )
    if request is not None:
        request.session.pop(PENDING_KEY, None)
        if request.user.pk == user.pk:
            otp_login(request, device)  # the old device, which verified this session, is gone
    return codes


def new_recovery_codes(*, actor, user, request=None):
    """Issue a fresh set of recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record(SecurityEventKind.RECOVERY_ISSUED, request=request, user=user, actor=actor)
    return codes


def reset(*, actor, user, reason, request=None):
    """Remove every device of `user` (a lost or stolen phone) and end all their sessions.

    Until an administrator enrols a new authenticator with them, they cannot sign in.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        drop_sessions(UserSession.objects.filter(user=user))
        record(SecurityEventKind.DEVICE_RESET, request=request, user=user, actor=actor, detail=reason)


def _replace_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < settings.RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


# --- Signing in ------------------------------------------------------------------------------


def verify(request, code):
    """Accept a code from the app or a recovery code for request.user and mark the session verified.

    The shape of the code picks the device, so a typo in one never slows down the other.
    """
    user, code = request.user, normalise(code)
    if TOTP_CODE.match(code):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    elif RECOVERY_CODE.match(code):
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = None
    slowed = False
    with transaction.atomic():
        if device is not None:
            device = type(device).objects.select_for_update().get(pk=device.pk)
            slowed = not device.verify_is_allowed()[0]
            if not slowed and device.verify_token(code):
                if isinstance(device, StaticDevice):
                    record(
                        SecurityEventKind.RECOVERY_USED,
                        request=request,
                        user=user,
                        detail=f"{device.token_set.count()} left",
                    )
                else:
                    record(SecurityEventKind.OTP_PASSED, request=request, user=user)
                otp_login(request, device)
                return device
        record(SecurityEventKind.OTP_FAILED, request=request, user=user, detail="slowed down" if slowed else "")
    raise CodeRefused(_wait_seconds(device) if slowed else 0)


def _wait_seconds(device):
    # Called only for a device found slowed down: the copy in hand was just read under lock.
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return 0
    return max(1, int((details["locked_until"] - timezone.now()).total_seconds() + 0.999))


class SecondFactorMiddleware:
    """A session that has passed only the password reaches nothing but the code page.

    Signing out and switching language stay open; everything else is sent to the code page,
    which then returns to where the user was going.
    """

    OPEN = {"second-factor", "logout", "set-language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.url_name in self.OPEN and not request.resolver_match.namespace:
            return None
        return redirect(f"{reverse('second-factor')}?next={quote(request.get_full_path())}")


def safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


def demo_key():
    """The demo accounts' TOTP key (hex), from the base32 secret printed in the README."""
    secret = settings.DEMO_TOTP_SECRET.replace(" ", "").upper()
    return hexlify(b32decode(secret + "=" * (-len(secret) % 8))).decode()
