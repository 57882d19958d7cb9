"""Disable accounts nobody has used for 90 days (run daily, e.g. from cron or a systemd timer).

The account stays, so everything its owner wrote keeps its author; it simply cannot sign in
until an administrator re-enables it. Each account disabled is a security event.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from custody.accounts.models import User
from integrity.log import sealed


class Command(BaseCommand):
    help = "Disable accounts not used for ACCOUNT_INACTIVE_DAYS (90) days."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(days=settings.ACCOUNT_INACTIVE_DAYS)
        idle = User.objects.filter(is_active=True).filter(
            Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
        )
        names = []
        for user in idle:
            with sealed():  # an account is a national object: its change goes into the national log
                user.is_active = False
                user.save(update_fields=["is_active"])
            names.append(user.username)
        self.stdout.write(f"{len(names)} accounts disabled{': ' + ', '.join(names) if names else ''}.")
