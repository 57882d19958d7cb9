"""Staff accounts and their scope.

A user's role is a Django group (see `roles.py`); their scope is the facilities they work in
plus every facility of the regions they oversee. Nothing outside that scope is visible.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        from .roles import Role

        names = {g.name for g in self.groups.all()}
        return [role.label for role in Role if role.value in names]
