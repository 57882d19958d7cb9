"""Enrol a user's authenticator from the terminal: for the first administrator, who has no one to do it.

Prints the QR code and the secret, reads the first code from the phone, and prints the
recovery codes. Everyone else is enrolled by an administrator on the user's second-factor page.
"""

import segno
from django.core.management.base import BaseCommand, CommandError
from django_otp.util import random_hex

from custody.accounts import twofactor
from custody.accounts.models import User


class Command(BaseCommand):
    help = "Enrol a TOTP authenticator for USERNAME (replaces any earlier one) and print recovery codes."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        key = random_hex(20)
        shown = twofactor.provisioning(user, key)
        segno.make(shown["uri"], error="m").terminal(out=self.stdout, compact=True)
        self.stdout.write(f"\nSecret (type it if the code cannot be scanned): {shown['secret']}\n")
        for _attempt in range(3):
            code = input("Code shown by the app now: ")
            try:
                codes = twofactor.enrol(actor=None, user=user, key=key, code=code)
            except twofactor.CodeRefused:
                self.stderr.write("That code does not match; check the phone's clock.")
                continue
            self.stdout.write(
                self.style.SUCCESS(f"Authenticator enrolled for {username}. Recovery codes (shown once):")
            )
            for recovery_code in codes:
                self.stdout.write(f"  {recovery_code}")
            return
        raise CommandError("Three codes did not match; nothing was changed.")
