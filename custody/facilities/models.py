"""Regions, temporary detention facilities (ITT) and their cells.

Occupancy is never stored: it is derived from the cell placements on custody timelines.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from custody.norms.models import default_profile


class Region(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Facility(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{1,11}$")],
        help_text=_("Prefix of custody record numbers, e.g. ITT1."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    norm_profile = models.ForeignKey(
        "norms.NormProfile",
        on_delete=models.PROTECT,
        default=default_profile,
        related_name="facilities",
        verbose_name=_("norm profile"),
        help_text=_("The set of legal norms this facility works under."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self):
        return self.name


class CellQuerySet(models.QuerySet):
    def in_service(self):
        return self.filter(in_service=True)


class Cell(models.Model):
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="cells", verbose_name=_("facility"))
    number = models.CharField(_("number"), max_length=12)
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1), MaxValueValidator(50)])
    floor_area_m2 = models.DecimalField(
        _("floor area, m²"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    natural_light = models.BooleanField(_("natural light"), default=True)
    ventilation = models.BooleanField(_("ventilation"), default=True)
    toilet_partition = models.BooleanField(_("toilet partition"), default=True)
    call_button = models.BooleanField(_("call button"), default=True)
    cctv = models.BooleanField(_("CCTV"), default=True)
    in_service = models.BooleanField(_("in service"), default=True)
    out_of_service_reason = models.CharField(_("reason out of service"), max_length=300, blank=True)

    objects = CellQuerySet.as_manager()

    class Meta:
        ordering = ["facility", "number"]
        constraints = [models.UniqueConstraint(fields=["facility", "number"], name="cell_number_unique_in_facility")]
        verbose_name = _("cell")
        verbose_name_plural = _("cells")

    def __str__(self):
        return _("Cell %(number)s") % {"number": self.number}

    @property
    def area_per_place(self):
        return self.floor_area_m2 / self.capacity
