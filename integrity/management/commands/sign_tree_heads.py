"""Sign a tree head for every log that grew since its last one.

Run every few minutes and at each shift change (cron or a systemd timer); a log that did not
grow is not signed again, so the heads table grows with the activity, not with the clock.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from integrity import heads


class Command(BaseCommand):
    help = "Sign the current size and root of every log that grew (Ed25519, INTEGRITY_SIGNING_KEY)."

    def handle(self, *args, **options):
        try:
            signed = heads.sign_all()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] == 0:
            return
        for head in signed:
            self.stdout.write(f"{head.log.key}: {head.size} leaves, root {head.root}")
        self.stdout.write(f"{len(signed)} tree heads signed with key {heads.key_id(heads.public_key())}.")
