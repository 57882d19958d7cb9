"""The human-rights inspector's work: record reviews, cell inspections, findings.

Interviews are timeline entries (`detainees.EntryKind.INTERVIEW_*`) so they sit in the record
with everything else. Reviews, inspections and findings live here; every change of a finding's
status is a `FindingEvent` row, append-only like the timeline.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from custody.lib.appendonly import AppendOnlyModel


class Answer(models.TextChoices):
    COMPLIANT = "compliant", _("compliant")
    NON_COMPLIANT = "non_compliant", _("non-compliant")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class RecordReview(models.Model):
    """An inspector's checklist review of one custody record; frozen once signed off."""

    record = models.ForeignKey(
        "detainees.CustodyRecord", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("custody record")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("record review")
        verbose_name_plural = _("record reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=models.Q(signed_at__isnull=True), name="one_draft_review_per_record"
            ),
        ]

    def __str__(self):
        return f"{self.record} · {self.started_at:%d.%m.%Y}"

    @property
    def is_signed(self):
        return self.signed_at is not None


class ReviewItem(models.Model):
    review = models.ForeignKey(
        RecordReview, on_delete=models.PROTECT, related_name="items", verbose_name=_("record review")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("question key"), max_length=60)
    question = models.CharField(_("question"), max_length=300)
    citation = models.CharField(_("legal citation"), max_length=300, blank=True)
    # The norm version an obligation item was computed from: its title and citation are shown
    # in the reader's language; `question` and `citation` keep what the review was started with.
    norm = models.ForeignKey(
        "norms.Norm", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("norm")
    )
    suggestion = models.CharField(_("computed"), max_length=20, choices=Answer.choices, blank=True)
    evidence = models.CharField(_("what the record shows"), max_length=500, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["review", "position"]
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="one_item_per_key")]

    def __str__(self):
        return self.question

    @property
    def shown_question(self):
        """The question in the reader's language (the stored text for an item of unknown origin)."""
        from .checklist import FIXED

        if self.norm_id:
            return self.norm.localized_title
        return str(FIXED[self.key][0]) if self.key in FIXED else self.question

    @property
    def shown_citation(self):
        from .checklist import FIXED

        if self.norm_id:
            return self.norm.localized_citation
        return str(FIXED[self.key][1]) if self.key in FIXED else self.citation


class Criterion(models.TextChoices):
    TEMPERATURE = "temperature", _("temperature")
    LIGHT = "light", _("light")
    VENTILATION = "ventilation", _("ventilation")
    CLEANLINESS = "cleanliness", _("cleanliness")
    BEDDING = "bedding", _("bedding")
    WATER = "water", _("drinking water")
    TOILET = "toilet", _("toilet")
    CALL_BUTTON = "call_button", _("call button")
    CCTV = "cctv", _("CCTV")


class CellInspection(models.Model):
    """One inspection of one cell: each criterion acceptable or not, and whether the cell is fit."""

    cell = models.ForeignKey(
        "facilities.Cell", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("cell")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    inspected_at = models.DateTimeField(_("inspected at"))
    temperature_c = models.DecimalField(_("temperature, °C"), max_digits=4, decimal_places=1)
    failed = models.JSONField(_("criteria not met"), default=list, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    fit = models.BooleanField(_("fit for detention"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-inspected_at"]
        verbose_name = _("cell inspection")
        verbose_name_plural = _("cell inspections")

    def __str__(self):
        return f"{self.cell} · {self.inspected_at:%d.%m.%Y}"


class Defect(models.Model):
    cell = models.ForeignKey(
        "facilities.Cell", on_delete=models.PROTECT, related_name="defects", verbose_name=_("cell")
    )
    inspection = models.ForeignKey(
        CellInspection, on_delete=models.PROTECT, related_name="defects", verbose_name=_("cell inspection")
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    description = models.CharField(_("description"), max_length=500)
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fixed by"),
    )
    fix_note = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        ordering = ["fixed_at", "cell"]
        verbose_name = _("defect")
        verbose_name_plural = _("defects")

    def __str__(self):
        return f"{self.cell}: {self.get_criterion_display()}"

    @property
    def is_open(self):
        return self.fixed_at is None


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("open")
    REFERRED = "referred", _("referred to the prosecutor")
    ANSWERED = "answered", _("answered by the prosecutor")
    CLOSED = "closed", _("closed")


# The only moves a finding's status can make; services refuse the rest.
FINDING_TRANSITIONS = {
    FindingStatus.OPEN: {FindingStatus.REFERRED, FindingStatus.CLOSED},
    FindingStatus.REFERRED: {FindingStatus.ANSWERED},
    FindingStatus.ANSWERED: {FindingStatus.CLOSED},
    FindingStatus.CLOSED: set(),
}


class FindingStep(models.TextChoices):
    """What a user does to a finding; each step takes its own permission (`access.FINDING_STEPS`)."""

    REFER = "refer"
    ANSWER = "answer"
    REMEDY = "remedy"
    CLOSE = "close"


class FindingQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=FindingStatus.CLOSED)


class Finding(models.Model):
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="findings", verbose_name=_("facility")
    )
    record = models.ForeignKey(
        "detainees.CustodyRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("custody record"),
    )
    cell = models.ForeignKey(
        "facilities.Cell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("cell"),
    )
    entry = models.ForeignKey(
        "detainees.TimelineEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("timeline entry"),
    )
    visit = models.ForeignKey(
        "oversight.MonitoringVisit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("monitoring visit"),
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("description"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        permissions = [
            ("refer_finding", _("Can refer a finding to the prosecutor")),
            ("answer_finding", _("Can record the prosecutor's answer to a referral")),
            ("record_remedy", _("Can record remedial action on a finding")),
            ("inspect_cells", _("Can inspect cells and record defects")),
            ("review_records", _("Can review custody records with the checklist")),
        ]
        indexes = [models.Index(fields=["facility", "status"])]

    def __str__(self):
        return f"#{self.pk} {self.get_severity_display()}: {self.description[:60]}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("inspections:finding-detail", args=[self.pk])


class EventKind(models.TextChoices):
    CREATED = "created", _("finding recorded")
    REFERRED = "referred", _("referred to the prosecutor")
    ANSWERED = "answered", _("prosecutor's answer")
    REMEDY = "remedy", _("remedial action")
    CLOSED = "closed", _("closed")


class FindingEvent(AppendOnlyModel):
    """What happened to a finding, by whom and when. Never changed, never deleted."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="events", verbose_name=_("finding"))
    kind = models.CharField(_("event"), max_length=10, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    old_status = models.CharField(_("status before"), max_length=10, choices=FindingStatus.choices, blank=True)
    new_status = models.CharField(_("status after"), max_length=10, choices=FindingStatus.choices, blank=True)
    text = models.TextField(_("text"), max_length=4000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
