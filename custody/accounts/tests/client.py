"""The test client every module uses: English, and `force_login` skips both factors."""

from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import TOTPDeviceFactory


class Client(DjangoClient):
    def __init__(self, **kwargs):
        kwargs.setdefault("headers", {"accept-language": "en"})
        super().__init__(**kwargs)

    def force_login(self, user, backend=None):
        """Signed in as if the password and a code from the user's authenticator were accepted."""
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDeviceFactory(user=user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
