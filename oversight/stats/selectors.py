"""The dashboard's figures, from a row per record.

The records counted are those whose actual detention began in the period, in the chosen
facilities. Closed records are read from their `RecordSummary` (one query, whatever their
number); open records — and a closed one whose summary is missing — are summarised live from
their timelines by `services.summarise`. The dashboard costs a fixed number of queries.
"""

import itertools
import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custody.lib import access
from detainees import obligations as rules
from detainees.models import SHORT_BASIS, CustodyRecord, LegalBasis, TimelineEntry, TransferStatus
from detainees.selectors import earlier_entries, norms_by_profile
from inspections.models import Severity

from ..models import RecordSummary
from .services import Outcome, summarise

# How the dashboard groups the obligations people ask about first. Norm keys are data; this
# is a display choice: relatives includes the parents of a minor (owed instead of a relative),
# medical includes the examination a detainee asked for.
OBLIGATION_GROUPS = [
    ("legal_aid", gettext_lazy("Legal aid centre notified"), ("legal-aid",)),
    ("relatives", gettext_lazy("Relatives or parents notified"), ("relative", "parents")),
    ("rights", gettext_lazy("Rights explained"), ("rights",)),
    ("medical", gettext_lazy("Medical examination"), ("intake-medical", "medical-on-request")),
]
# A record's outcome in a group is its worst one: a missed examination is not excused by a
# timely second one.
WORST_FIRST = [Outcome.MISSED, Outcome.LATE, Outcome.PENDING, Outcome.ON_TIME]

# Bucket edges of the time-in-custody chart, in hours: a display choice (they happen to sit
# on the common administrative and criminal limits, which makes the picture easy to read).
DURATION_EDGES = [3, 24, 48, 72]
# Up to a month a bar per day reads well; beyond that a bar per week.
DAILY_UP_TO_DAYS = 31
# The over-limit list on the page; the export has them all.
OVER_LIMIT_SHOWN = 50


@dataclass
class Row:
    """What the statistics need of one record, closed (from its summary) or open (live)."""

    record_id: int
    number: str
    facility_id: int
    legal_basis: str
    detained_at: object
    closed_at: object
    hours: float
    over_limit: bool
    force_count: int
    injuries_on_arrival: bool
    injuries_in_custody: bool
    outcomes: dict

    @property
    def is_open(self):
        return self.closed_at is None


def in_period(facilities, start, end):
    return Q(facility__in=facilities, detained_at__gte=start, detained_at__lt=end)


# A record closed by a transfer another facility accepted is a leg of a custody, not a detention:
# the custody is counted once, by its latest record, which carries the same moment of actual
# detention (so its hours run from there to the custody's final close) and whose obligations see
# the whole custody's timeline.
A_LEG = Q(transfer__status=TransferStatus.ACCEPTED)
SUMMARY_LEG = Q(record__transfer__status=TransferStatus.ACCEPTED)


SUMMARY_FIELDS = (
    "facility_id",
    "detained_at",
    "closed_at",
    "hours",
    "over_limit",
    "force_count",
    "injuries_on_arrival",
    "injuries_in_custody",
    "outcomes",
)


def summary_fields(summary):
    return {name: getattr(summary, name) for name in SUMMARY_FIELDS}


def _row(record, fields):
    return Row(
        record_id=record.pk,
        number=record.number,
        legal_basis=record.legal_basis,
        **{name: fields[name] for name in SUMMARY_FIELDS},
    )


def live_summaries(records, now):
    """{record pk: (summary fields, obligations)} for records summarised from their timelines.

    Two queries (entries, norms) for any number of records.
    """
    records = list(records)
    if not records:
        return {}
    entries = {record.pk: [] for record in records}
    for entry in TimelineEntry.objects.filter(record__in=list(entries)).order_by("occurred_at", "pk"):
        entries[entry.record_id].append(entry)
    earlier = earlier_entries(records)
    norms = norms_by_profile({record.facility.norm_profile_id for record in records})
    result = {}
    for record in records:
        owed = rules.compute(
            record, entries[record.pk], norms[record.facility.norm_profile_id], now, earlier=earlier[record.pk]
        )
        result[record.pk] = (summarise(record, entries[record.pk], owed, now), owed)
    return result


def rows(*, facilities, start, end, now):
    """A `Row` per record detained in [start, end) in these facilities: four queries."""
    summaries = (
        RecordSummary.objects.filter(in_period(facilities, start, end))
        .exclude(SUMMARY_LEG)
        .select_related("record")
        .only(
            "record__number",
            "record__legal_basis",
            "facility",
            "detained_at",
            "closed_at",
            "hours",
            "over_limit",
            "force_count",
            "injuries_on_arrival",
            "injuries_in_custody",
            "outcomes",
        )
    )
    result = [_row(summary.record, summary_fields(summary)) for summary in summaries]
    # Open records, and any closed one whose summary was never written (closed before the
    # projection existed): computed now.
    live = list(
        CustodyRecord.objects.filter(in_period(facilities, start, end))
        .filter(Q(closed_at__isnull=True) | Q(summary__isnull=True))
        .exclude(A_LEG)
        .select_related("person", "facility")
    )
    computed = live_summaries(live, now)
    result += [_row(record, computed[record.pk][0]) for record in live]
    return sorted(result, key=lambda row: (row.detained_at, row.record_id))


# --- The dashboard ---------------------------------------------------------------------------


@dataclass
class GroupOutcome:
    key: str
    label: str
    counts: dict

    @property
    def decided(self):
        return self.counts[Outcome.ON_TIME] + self.counts[Outcome.LATE] + self.counts[Outcome.MISSED]

    @property
    def share_on_time(self):
        """Share of records whose obligation was met on time, among those already decided."""
        return self.counts[Outcome.ON_TIME] / self.decided if self.decided else None

    @property
    def percent_on_time(self):
        share = self.share_on_time
        return None if share is None else round(100 * share)

    @property
    def on_time(self):
        return self.counts[Outcome.ON_TIME]

    @property
    def late(self):
        return self.counts[Outcome.LATE]

    @property
    def missed(self):
        return self.counts[Outcome.MISSED]

    @property
    def pending(self):
        return self.counts[Outcome.PENDING]


@dataclass
class Figures:
    detentions: int
    open_now: int
    median_hours: float | None
    max_hours: float | None
    over_limit: list
    force_records: int
    force_total: int
    injuries_on_arrival: int
    injuries_in_custody: int
    obligations: list
    series_unit: str  # "day" or "week"
    series: list  # (label, {basis: count})
    durations: list  # (label, count)
    findings: list  # (severity label, count)
    by_facility: list = field(default_factory=list)

    @property
    def findings_open(self):
        return sum(count for _label, count in self.findings)

    @property
    def over_limit_shown(self):
        return self.over_limit[:OVER_LIMIT_SHOWN]

    @property
    def series_columns(self):
        """The legal bases that occur (short names), in choice order: the columns of the detentions table."""
        return [
            (value, str(SHORT_BASIS[value]))
            for value in LegalBasis.values
            if any(counts[value] for _slot, counts in self.series)
        ]

    def series_rows(self):
        columns = [value for value, _label in self.series_columns]
        return [(slot, [counts[c] for c in columns], sum(counts.values())) for slot, counts in self.series]

    def series_totals(self):
        return [sum(counts[value] for _slot, counts in self.series) for value, _label in self.series_columns]


def group_outcomes(all_rows):
    groups = []
    for key, label, norm_keys in OBLIGATION_GROUPS:
        counts = dict.fromkeys(WORST_FIRST, 0)
        for row in all_rows:
            owed = [row.outcomes[k] for k in norm_keys if k in row.outcomes]
            if owed:
                counts[next(o for o in WORST_FIRST if o in owed)] += 1
        groups.append(GroupOutcome(key, str(label), counts))
    return groups


def duration_label(low, high):
    if low is None:
        return _("under %(hours)s h") % {"hours": high}
    if high is None:
        return _("over %(hours)s h") % {"hours": low}
    return _("%(low)s–%(high)s h") % {"low": low, "high": high}


def durations(hours):
    edges = [None, *DURATION_EDGES, None]
    buckets = []
    for low, high in itertools.pairwise(edges):
        count = sum(1 for h in hours if (low is None or h >= low) and (high is None or h < high))
        buckets.append((duration_label(low, high), count))
    return buckets


def series(all_rows, start, end):
    """Detentions per day (short periods) or per week beginning Monday, split by legal basis."""
    first, last = timezone.localdate(start), timezone.localdate(end - timedelta(seconds=1))
    daily = (last - first).days + 1 <= DAILY_UP_TO_DAYS
    if not daily:
        first -= timedelta(days=first.weekday())
    step = timedelta(days=1 if daily else 7)
    slots, day = [], first
    while day <= last:
        slots.append(day)
        day += step
    counts = {slot: dict.fromkeys(LegalBasis.values, 0) for slot in slots}
    for row in all_rows:
        day = timezone.localdate(row.detained_at)
        slot = day if daily else day - timedelta(days=day.weekday())
        counts[slot][row.legal_basis] += 1
    return ("day" if daily else "week"), [(slot.strftime("%d.%m"), counts[slot]) for slot in slots]


def dashboard(*, user, facilities, start, end, now):
    """The figures for one filter: at most six queries, whatever the number of records."""
    all_rows = rows(facilities=facilities, start=start, end=end, now=now)
    hours = [row.hours for row in all_rows]
    forced = [row for row in all_rows if row.force_count]
    unit, per_slot = series(all_rows, start, end)
    severity_order = list(reversed(Severity.values))  # critical first
    findings = dict(
        access.findings(user)
        .open()
        .filter(facility__in=facilities)
        .values_list("severity")
        .annotate(n=Count("pk"))
        .values_list("severity", "n")
    )
    by_facility = {}
    for row in all_rows:
        counts = by_facility.setdefault(row.facility_id, {"detentions": 0, "over_limit": 0, "force": 0, "injuries": 0})
        counts["detentions"] += 1
        counts["over_limit"] += row.over_limit
        counts["force"] += bool(row.force_count)
        counts["injuries"] += row.injuries_on_arrival or row.injuries_in_custody
    names = dict(facilities.filter(pk__in=list(by_facility)).values_list("pk", "name")) if len(by_facility) > 1 else {}
    return Figures(
        detentions=len(all_rows),
        open_now=sum(1 for row in all_rows if row.is_open),
        median_hours=statistics.median(hours) if hours else None,
        max_hours=max(hours) if hours else None,
        over_limit=[row for row in all_rows if row.over_limit],
        force_records=len(forced),
        force_total=sum(row.force_count for row in forced),
        injuries_on_arrival=sum(1 for row in all_rows if row.injuries_on_arrival),
        injuries_in_custody=sum(1 for row in all_rows if row.injuries_in_custody),
        obligations=group_outcomes(all_rows),
        series_unit=unit,
        series=per_slot,
        durations=durations(hours),
        findings=[(Severity(s).label, findings[s]) for s in severity_order if findings.get(s)],
        by_facility=sorted(
            ((names[pk], counts) for pk, counts in by_facility.items() if pk in names), key=lambda item: item[0]
        ),
    )
