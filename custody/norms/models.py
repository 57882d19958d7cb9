"""Normative procedures as data: every legal time limit and care duty, with its citation.

A norm is a versioned rule of one of a few types (`Rule`). Which records it applies to and
which timeline entries satisfy it are data too (`applies_to`, `met_by`), so a new legal regime
— England & Wales PACE, say — is a set of rows, not code. `detainees/obligations.py` applies
them. A version is in force from its `effective_from` date until the next version of the same
key; versions already in force are never edited, so past obligations never change.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NormProfile(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("norm profile")
        verbose_name_plural = _("norm profiles")

    def __str__(self):
        return self.name


def default_profile():
    profile, _created = NormProfile.objects.get_or_create(code="ua", defaults={"name": "Україна"})
    return profile.pk


class Rule(models.TextChoices):
    DEADLINE = "deadline", _("deadline: once, at anchor + value")
    RECURRING = "recurring", _("recurring: first at anchor + value, then every interval after the last")
    DAILY_COUNT = "daily_count", _("daily count: value per calendar day in custody")
    DAILY_MINUTES = "daily_minutes", _("daily minutes: value minutes a day once in custody for the threshold")
    REST = "rest", _("rest: a run of value hours in every 24 h without leaving the cell")
    FOLLOW_UP = "follow_up", _("follow-up: after each triggering entry, a meeting entry within value")
    LIMIT = "limit", _("limit: a figure used by a fixed rule (area, night hours)")


class Unit(models.TextChoices):
    HOURS = "hours", _("hours")
    MINUTES = "minutes", _("minutes")
    COUNT = "count", _("count")
    SQUARE_METRES = "m2", _("m²")
    HOUR_OF_DAY = "hour_of_day", _("hour of the day")


# Largest sensible value per unit: a typo such as 720 hours for a 72-hour limit is refused.
UNIT_MAXIMUM = {
    Unit.HOURS: Decimal(24 * 31),
    Unit.MINUTES: Decimal(24 * 60),
    Unit.COUNT: Decimal(24),
    Unit.SQUARE_METRES: Decimal(100),
    Unit.HOUR_OF_DAY: Decimal(23),
}


class Anchor(models.TextChoices):
    """The moment of the record a norm counts from (a field of `CustodyRecord`)."""

    DETAINED_AT = "detained_at", _("moment of actual detention")
    ARRIVED_AT = "arrived_at", _("arrival at the facility")


class Norm(models.Model):
    profile = models.ForeignKey(NormProfile, on_delete=models.PROTECT, related_name="norms", verbose_name=_("profile"))
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title (English)"), max_length=200)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    value = models.DecimalField(
        _("value"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    interval = models.DecimalField(
        _("repeat interval"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Recurring rules: same unit as the value."),
    )
    anchor = models.CharField(
        _("counted from"),
        max_length=12,
        default=Anchor.DETAINED_AT,
        choices=Anchor.choices,
    )
    threshold_hours = models.DecimalField(
        _("applies after hours in custody"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    group = models.SlugField(
        _("group"),
        max_length=40,
        blank=True,
        help_text=_("Of the applicable norms in one group only the strictest (smallest value) counts."),
    )
    applies_to = models.JSONField(
        _("applies to"),
        default=dict,
        blank=True,
        help_text=_('Conditions: {"all": [...], "any": [...], "none": [...]} of record facts.'),
    )
    met_by = models.JSONField(
        _("met by"),
        default=dict,
        blank=True,
        help_text=_('{"kinds": [entry kinds], "details": {field: [values]}, "closed": true}'),
    )
    trigger = models.JSONField(
        _("triggered by"),
        default=dict,
        blank=True,
        help_text=_('Follow-up rules: {"kinds": [entry kinds]} that start the clock.'),
    )
    citation = models.CharField(_("legal citation (English)"), max_length=300)
    citation_uk = models.CharField(_("legal citation (Ukrainian)"), max_length=300)
    effective_from = models.DateField(_("in force from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["profile", "key", "-effective_from"]
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "key", "effective_from"],
                name="one_norm_version_per_day",
                violation_error_message=_("A version of this norm already takes effect on that date."),
            ),
        ]

    def __str__(self):
        return f"{self.localized_title} ({self.value} {self.get_unit_display()}, {self.effective_from:%d.%m.%Y})"

    def in_language(self, english, ukrainian, language=None):
        """The text in the language asked for (the request's by default), else the other one."""
        ukrainian_first = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0] == "uk"
        first, other = (ukrainian, english) if ukrainian_first else (english, ukrainian)
        return first or other

    @property
    def localized_title(self):
        """The title in the language of the request (read at render time, never stored)."""
        return self.in_language(self.title, self.title_uk)

    @property
    def localized_citation(self):
        return self.in_language(self.citation, self.citation_uk)

    @property
    def is_in_force(self):
        return self.effective_from <= timezone.localdate()

    def clean(self):
        errors = {}
        if self.value is not None and self.unit and self.value > UNIT_MAXIMUM[self.unit]:
            errors["value"] = _("%(value)s %(unit)s is not a plausible value for this norm.") % {
                "value": self.value,
                "unit": self.get_unit_display(),
            }
        if self.unit == Unit.HOUR_OF_DAY and self.value is not None and self.value != int(self.value):
            errors["value"] = _("An hour of the day is a whole number.")
        if self.rule == Rule.RECURRING and not self.interval:
            errors["interval"] = _("A recurring norm needs its repeat interval.")
        if self.interval and self.unit and self.interval > UNIT_MAXIMUM[self.unit]:
            errors["interval"] = _("This interval is not plausible.")
        errors.update(self._clean_conditions())
        stored = Norm.objects.filter(pk=self.pk).first() if self.pk else None
        dated_now = stored is None or stored.effective_from != self.effective_from
        if self.effective_from and dated_now and self.effective_from < timezone.localdate():
            errors["effective_from"] = _("A new version takes effect today or later; the past stays as it was.")
        if stored is not None:
            if stored.is_in_force:
                errors["__all__"] = _(
                    "This version is already in force and obligations were computed with it; "
                    "add a new version with a later date instead."
                )
        if errors:
            raise ValidationError(errors)

    def _clean_conditions(self):
        """Every condition, entry kind, detail and value a norm names exists: a typo would never match."""
        from detainees.kinds import unknown_details
        from detainees.models import Condition, EntryKind

        errors = {}
        applies = self.applies_to or {}
        unknown = {c for part in ("all", "any", "none") for c in applies.get(part, [])} - set(Condition.values)
        if set(applies) - {"all", "any", "none"} or unknown:
            errors["applies_to"] = _("Unknown conditions: %(names)s.") % {
                "names": ", ".join(sorted(unknown or applies))
            }
        met = self.met_by or {}
        kinds = met.get("kinds", [])
        bad_kinds = set(kinds) - set(EntryKind.values)
        details = met.get("details") or {}
        bad_details = unknown_details(kinds, details) if isinstance(details, dict) else ["details"]
        if set(met) - {"kinds", "details", "closed"} or bad_kinds:
            errors["met_by"] = _("Unknown entry kinds or keys: %(names)s.") % {
                "names": ", ".join(sorted(bad_kinds or set(met) - {"kinds", "details", "closed"}))
            }
        elif bad_details:
            errors["met_by"] = _("No entry of these kinds records %(names)s.") % {"names": ", ".join(bad_details)}
        if self.rule not in (Rule.LIMIT, Rule.REST) and not (met.get("kinds") or met.get("closed")):
            errors.setdefault("met_by", _("Say which entries meet this norm."))
        trigger = self.trigger or {}
        bad_triggers = set(trigger.get("kinds", [])) - set(EntryKind.values)
        if bad_triggers or set(trigger) - {"kinds"}:
            errors["trigger"] = _("Unknown entry kinds or keys: %(names)s.") % {
                "names": ", ".join(sorted(bad_triggers or set(trigger) - {"kinds"}))
            }
        elif self.rule == Rule.FOLLOW_UP and not trigger.get("kinds"):
            errors["trigger"] = _("A follow-up norm is triggered by known entry kinds.")
        return errors

    def delete(self, *args, **kwargs):
        if self.is_in_force:
            raise ValidationError(_("A norm that has been in force is kept for the record."))
        return super().delete(*args, **kwargs)
