"""The current code of the demo accounts' authenticator, for trying the demo without a phone app."""

import time
from binascii import unhexlify

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from custody.accounts import twofactor


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for the demo (DEBUG on); real accounts use their own phones.")
        totp = TOTP(unhexlify(twofactor.demo_key()))
        totp.time = time.time()
        left = 30 - int(totp.time) % 30
        self.stdout.write(f"{totp.token():06d}  (valid for {left} more seconds; each code signs in once per account)")
