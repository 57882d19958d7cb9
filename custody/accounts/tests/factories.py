import time

import factory
from django.contrib.auth.models import Group
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from custody.accounts.models import User
from integrity.tests.factories import SealedFactory


class UserFactory(SealedFactory):
    """A user with a role (group) and a scope: `UserFactory(role="duty_officer", facilities=[f])`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Олег"
    last_name = factory.Sequence(lambda n: f"Петренко{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, value, **kwargs):
        if value:
            self.groups.add(Group.objects.get(name=value))

    @factory.post_generation
    def facilities(self, create, value, **kwargs):
        if value:
            self.facilities.set(value)

    @factory.post_generation
    def regions(self, create, value, **kwargs):
        if value:
            self.regions.set(value)


class TOTPDeviceFactory(SealedFactory):
    """A confirmed authenticator app; `next_code(device)` is what the phone would show."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "authenticator"
    confirmed = True


def next_code(device, *, ahead=0):
    """The code the phone shows now, or (`ahead` steps later) a later one: never one already spent.

    Mirrors django-otp's check: a step within one of now (allowing for the device's drift) and
    after the last step accepted, so a test may sign in twice within one 30-second step.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    step = max(now, device.last_t + 1) + ahead
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"
