"""External oversight: the seal chain, the read log, named access for monitors, visits, statistics.

`Seal` and `AccessEvent` are append-only (model and database refuse UPDATE/DELETE); `ChainHead`
is the lock every sealing transaction takes, and the fast pointer to the end of each chain.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody.lib.appendonly import AppendOnlyModel


class Chain(models.TextChoices):
    TIMELINE = "timeline", _("timeline entries")
    AUDIT = "audit", _("audit trail")


GENESIS = "0" * 64


class ChainHead(models.Model):
    """The last seal of a chain. Its row lock serialises sealing so the chain never forks."""

    chain = models.CharField(max_length=10, choices=Chain.choices, primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)
    at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.chain} #{self.seq}"


class Seal(AppendOnlyModel):
    """One link: the hash of a row's canonical content and of the link before it."""

    chain = models.CharField(max_length=10, choices=Chain.choices)
    seq = models.BigIntegerField()
    object_id = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)
    # Which columns the hash covers (chain.FORMATS), so a later column never breaks old seals.
    version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="one_seal_per_position"),
            models.UniqueConstraint(fields=["chain", "object_id"], name="one_seal_per_row"),
        ]

    def __str__(self):
        return f"{self.chain} #{self.seq} {self.hash[:12]}"


class Verification(AppendOnlyModel):
    """Each integrity check: who ran it, against what, and what it found."""

    chain = models.CharField(max_length=10, choices=Chain.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    at = models.DateTimeField(default=timezone.now)
    intact = models.BooleanField()
    verified = models.BigIntegerField(default=0)
    head_seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)
    against_export = models.BooleanField(default=False)
    incremental = models.BooleanField(default=False)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]


class AccessKind(models.TextChoices):
    RECORD = "record", _("opened the record")
    MEDICAL = "medical", _("opened the record with medical entries")
    HISTORY = "history", _("opened the change history")
    PRINT = "print", _("printed the record")
    EXPORT = "export", _("exported data")
    HEAD_EXPORT = "head_export", _("exported the chain head")
    DENIED = "denied", _("was refused (403)")
    NOT_FOUND = "not_found", _("asked for something not visible (404)")
    BAD_REQUEST = "bad_request", _("sent an invalid request (400)")


class AccessEvent(AppendOnlyModel):
    """Who read what, when and from where — and every refused attempt."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("what"), max_length=12, choices=AccessKind.choices)
    record = models.ForeignKey(
        "detainees.CustodyRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("custody record"),
    )
    # The record's facility, copied so the read log of a region is one index range.
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)
    status = models.PositiveSmallIntegerField(default=200)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["record", "-at"]),
            models.Index(fields=["facility", "-at"]),
            models.Index(fields=["user", "-at"]),
            models.Index(fields=["kind", "-at"]),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.path}"


class NamedAccessGrant(models.Model):
    """A monitor may see names at one facility until `ends_at`, because a head or admin said so."""

    monitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="named_access", verbose_name=_("monitor")
    )
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("facility")
    )
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"))
    reason = models.TextField(_("reason"), max_length=1000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("named access grant")
        verbose_name_plural = _("named access grants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="grant_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["monitor", "ends_at"])]

    def __str__(self):
        return f"{self.monitor} @ {self.facility}"

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.starts_at <= now < self.ends_at


class MonitoringVisit(models.Model):
    """A monitor's visit to a facility; its findings go into the inspectors' findings workflow."""

    monitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("monitor")
    )
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="visits", verbose_name=_("facility")
    )
    started_at = models.DateTimeField(_("visit began"))
    ended_at = models.DateTimeField(_("visit ended"))
    announced = models.BooleanField(_("announced in advance"), default=False)
    detainees_interviewed = models.ManyToManyField(
        "detainees.CustodyRecord", blank=True, related_name="+", verbose_name=_("detainees interviewed")
    )
    staff_interviewed = models.PositiveSmallIntegerField(_("staff interviewed"), default=0)
    cells_seen = models.ManyToManyField("facilities.Cell", blank=True, related_name="+", verbose_name=_("cells seen"))
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        permissions = [("log_visit", _("Can log monitoring visits"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gte=models.F("started_at")), name="visit_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.facility} {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("oversight:visit-detail", args=[self.pk])


class RecordSummary(models.Model):
    """What the statistics need of a closed record, written when it closes (a projection).

    The dashboard reads these instead of recomputing every closed record's obligations, so a
    year of a region costs one query; open records are computed live (there are few of them).
    """

    record = models.OneToOneField(
        "detainees.CustodyRecord", on_delete=models.PROTECT, primary_key=True, related_name="summary"
    )
    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    detained_at = models.DateTimeField()
    closed_at = models.DateTimeField()
    hours = models.FloatField()
    over_limit = models.BooleanField(default=False)
    force_count = models.PositiveIntegerField(default=0)
    injuries_on_arrival = models.BooleanField(default=False)
    injuries_in_custody = models.BooleanField(default=False)
    # {"legal-aid": "on_time" | "late" | "missed", ...} for every deadline the record was owed.
    outcomes = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["facility", "detained_at"])]
        permissions = [("export_records", _("Can export records and obligations as CSV"))]

    def __str__(self):
        return f"summary of {self.record_id}"
