"""Create forms already sent: each one-time token once, with where its result is (see once.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Submission(models.Model):
    # Unique on its own, not per user: another user's token collides, and is refused.
    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Where the first submit sent its user; a repeated submit is sent there too.
    result_url = models.CharField(max_length=500)

    def __str__(self):
        return str(self.token)
