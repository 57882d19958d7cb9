"""Staff accounts and their scope.

A user's role is a Django group (see `roles.py`); their scope is the facilities they work in
plus every facility of the regions they oversee. Nothing outside that scope is visible.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody.lib.appendonly import AppendOnlyModel


class User(AbstractUser):
    facilities = models.ManyToManyField(
        "facilities.Facility",
        blank=True,
        related_name="staff",
        verbose_name=_("facilities"),
        help_text=_("Facilities this person works in (duty officers, inspectors, medics, heads)."),
    )
    regions = models.ManyToManyField(
        "facilities.Region",
        blank=True,
        related_name="overseers",
        verbose_name=_("regions"),
        help_text=_("Regions this person oversees (prosecutors, monitors)."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def facility_scope(self):
        """The facilities whose records this user may see: own facilities and whole regions."""
        from custody.facilities.models import Facility

        if not self.is_authenticated or not self.is_active:
            return Facility.objects.none()
        return Facility.objects.filter(
            models.Q(pk__in=self.facilities.values("pk")) | models.Q(region__in=self.regions.values("pk"))
        )

    @property
    def role_names(self):
        from .backends import load_grants
        from .roles import Role

        if "groups" in getattr(self, "_prefetched_objects_cache", {}):  # a list of users prefetched them
            names = {g.name for g in self.groups.all()}
        else:  # the signed-in user: read with their permissions, usually already
            load_grants(self)
            names = self._role_values
        return [role.label for role in Role if role.value in names]


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("password accepted")
    OTP_PASSED = "otp_passed", _("second factor accepted")
    OTP_FAILED = "otp_failed", _("second factor refused")
    RECOVERY_USED = "recovery_used", _("recovery code used")
    LOGIN_FAILED = "login_failed", _("failed to sign in")
    LOCKED_OUT = "locked_out", _("account locked after repeated failures")
    LOGOUT = "logout", _("signed out")
    SESSION_EXPIRED = "session_expired", _("session ended by the time limit")
    SESSION_ENDED = "session_ended", _("ended another session")
    PASSWORD_CHANGED = "password_changed", _("password changed")
    ROLE_CHANGED = "role_changed", _("roles changed")
    DEACTIVATED = "deactivated", _("account disabled")
    DEVICE_ADDED = "device_added", _("authenticator enrolled")
    DEVICE_RESET = "device_reset", _("second factor reset")
    RECOVERY_ISSUED = "recovery_issued", _("new recovery codes issued")


class SecurityEvent(AppendOnlyModel):
    """Sign-ins (password, then second factor), failures, lockouts, sign-outs, password, device
    and role changes: who, when, from where, what.

    Never a password or a code: failed attempts keep only the username typed. Refused requests
    (403 / 404) are in the oversight read log (`oversight.AccessEvent`), not repeated here.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("username given"), max_length=150, blank=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"


class UserSession(models.Model):
    """A signed-in session of a user, so they can see where they are signed in and end the others."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"
