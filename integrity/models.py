"""The append-only logs behind the history: one per facility, one national.

A `Log` row is the head of one log: its size, the hashes of the complete subtrees at its right
edge (the frontier, enough to extend the tree and compute its root) and its current root. Its
row lock is what a writer at that facility takes to append, so writers at different facilities
never wait for each other. `Leaf`, `Node` and `TreeHead` rows are append-only (model and
database refuse UPDATE and DELETE).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody.lib.appendonly import AppendOnlyModel

NATIONAL = "national"


class Source(models.TextChoices):
    TIMELINE = "timeline", _("timeline entry")
    AUDIT = "audit", _("audit row")


class Log(models.Model):
    key = models.CharField(
        _("log"),
        max_length=40,
        unique=True,
        editable=False,
        help_text=_("The facility's code when its log began, or “national”."),
    )
    facility = models.OneToOneField(
        "facilities.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="log",
        verbose_name=_("facility"),
    )
    size = models.BigIntegerField(_("leaves"), default=0)
    # [[level, hex hash], ...] of the complete subtrees along the right edge, largest first.
    frontier = models.JSONField(default=list)
    root = models.CharField(_("root hash"), max_length=64)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("log")
        verbose_name_plural = _("logs")

    def __str__(self):
        return str(self.facility) if self.facility_id else str(_("National log"))


class Leaf(AppendOnlyModel):
    """One sealed row: its place in its log and the hash of its canonical content."""

    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="leaves")
    index = models.BigIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    object_id = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    # Which columns the content covers (integrity.leaves.FORMATS): a later column never
    # changes the bytes of a row sealed before it.
    version = models.PositiveSmallIntegerField()
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "index"], name="one_leaf_per_position"),
            models.UniqueConstraint(fields=["source", "object_id"], name="one_leaf_per_row"),
            models.CheckConstraint(condition=models.Q(index__gte=0), name="leaf_index_not_negative"),
        ]

    def __str__(self):
        return f"{self.log_id}#{self.index}"


class Node(AppendOnlyModel):
    """The hash of a complete subtree: 2**level leaves from index * 2**level (level ≥ 1)."""

    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "level", "index"], name="one_node_per_position"),
            models.CheckConstraint(condition=models.Q(index__gte=0, level__gte=1), name="node_is_a_subtree"),
        ]


class TreeHead(AppendOnlyModel):
    """A signed statement: at `timestamp` log `log` had `size` leaves with this root."""

    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="heads", verbose_name=_("log"))
    size = models.BigIntegerField(_("leaves"))
    root = models.CharField(_("root hash"), max_length=64)
    timestamp = models.DateTimeField(_("signed at"))
    key_id = models.CharField(_("key"), max_length=16)
    signature = models.CharField(max_length=88)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")
        indexes = [models.Index(fields=["log", "-size"])]


class Verification(AppendOnlyModel):
    """Each integrity check: who ran it, against what, and what it found."""

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
    logs = models.PositiveIntegerField(default=0)
    leaves = models.BigIntegerField(default=0)
    heads = models.PositiveIntegerField(default=0)
    against_file = models.BooleanField(default=False)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
