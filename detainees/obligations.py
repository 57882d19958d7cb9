"""What each record owes, computed from its timeline and the norms in force.

Pure functions: give them a record, its entries, the norm versions of its facility's profile
and the current time, and they return the obligations — what, under which law, due when,
where it stands, and the entry that met it. Nothing here reads the database or the clock, so
every rule is tested with frozen time and hand-made norms.

Where an obligation stands: an open record's are due or overdue until met; a closed record's
have an outcome — met, met late, not met (the record closed first) or not applicable (the
record closed before it fell due). Closing a record never meets anything but a pure limit.

How a norm is read (see custody.norms.models.Rule):
- deadline: due at anchor + value; met by the first entry matching `met_by.kinds`; the
  version in force on the anchor's date applies. `met_by.closed` marks a time limit of the
  detention itself (the detention clock counts down to it). A pure limit (`closed` and no
  kinds: the 72 hours) is met by the end of custody: on time, or late by the time held past it.
  A limit with kinds (the notice of suspicion, the court) is not met by a release: released
  before it fell due it is not applicable, after it — not met.
- recurring: first due at anchor + value, then `interval` after each matching entry.
- daily_count: per calendar day (Europe/Kyiv) in custody, value × share of the day spent there.
- daily_minutes: once in custody for `threshold_hours`, value minutes of matching entries a day.
- rest: once in custody for `threshold_hours`, a run of value hours in the last 24 h without
  a movement out of the cell.
- follow_up: each trigger entry answered by a matching entry within value.
The care duties of a closed record (recurring, daily, rest, follow-up) are met, or not met
with the occurrences missed.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custody.norms.models import Anchor, Rule, Unit

from .durations import words
from .models import Condition, Destination, EntryKind, LegalBasis, ObservationLevel, Status


class ObligationStatus(models.TextChoices):
    """Where an obligation stands: due / overdue while the record is open, then its outcome."""

    MET = "met", gettext_lazy("met")
    MET_LATE = "met_late", gettext_lazy("met late")
    DUE = "due", gettext_lazy("due")
    OVERDUE = "overdue", gettext_lazy("overdue")
    # Only a closed record's: what was owed when it closed and never came.
    NOT_MET = "not_met", gettext_lazy("not met")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("not applicable")


# Short names for the rules below and their tests: the same members, not a second vocabulary.
MET, MET_LATE, DUE, OVERDUE, NOT_MET, NOT_APPLICABLE = ObligationStatus
# Most urgent first; a closed record's worst outcomes before its good ones.
_URGENCY = {OVERDUE: 0, DUE: 1, NOT_MET: 2, MET_LATE: 3, MET: 4, NOT_APPLICABLE: 5}


class Tier(models.IntegerChoices):
    """How grave an open obligation is, gravest first: the duty board triages by it.

    Read from the norm's own data, never from a list of keys, so a norm added in the admin or
    another profile (PACE) falls into its tier by what it is:
    - UNLAWFUL: a time limit (a deadline met by ending the custody, `met_by.closed`) that has
      passed. The law's answer to such a limit is release (CPC art. 211 part 2, art. 278
      part 3, art. 191; CAO art. 263), so from that moment the person is held unlawfully.
    - LEGAL: any other one-off deadline (`Rule.DEADLINE`): notifications, rights, the medical
      examination on admission, and a time limit not yet passed. Missing one breaches a
      detainee's procedural right, but the detention itself stays lawful.
    - CARE: the duties that repeat while the person is held (checks, meals, exercise, rest,
      a doctor after a request). A recurring legal review such as PACE s.40 would read as care;
      no Ukrainian norm is one.
    """

    UNLAWFUL = 0, gettext_lazy("held past the legal limit")
    LEGAL = 1, gettext_lazy("legal deadline")
    CARE = 2, gettext_lazy("care duty")


# How early the board warns: a display choice, not a legal figure.
DUE_SOON = timedelta(minutes=30)


@dataclass
class Obligation:
    key: str
    norm: object  # the version that applies; its title and citation are read in the viewer's language
    rule: str
    status: ObligationStatus
    due_at: datetime | None = None
    met_by: object = None
    met_at: datetime | None = None
    progress: str = ""
    missed: list = field(default_factory=list)
    is_time_limit: bool = False
    action_kind: str = ""  # the entry kind that would meet it, for a one-click link
    prefill: dict = field(default_factory=dict)
    # The record closed before this was met: why it is not applicable or not met.
    closed_first: bool = False
    note: str = ""  # the outcome in words: how late, or what the closing ended

    @property
    def late(self):
        """Met, but after the due time: the yes/no the checklist and statistics ask."""
        return self.status == MET_LATE

    @property
    def title(self):
        return self.norm.localized_title

    @property
    def citation(self):
        return self.norm.localized_citation

    @property
    def prefill_query(self):
        return urlencode(self.prefill)

    @property
    def is_open(self):
        return self.status in (DUE, OVERDUE)

    def due_soon(self, now):
        return self.status == DUE and self.due_at is not None and self.due_at - now <= DUE_SOON

    @property
    def urgency(self):
        """Sort key: overdue first (the longest overdue first), then by due time."""
        return (_URGENCY[self.status], self.due_at or datetime.max.replace(tzinfo=timezone.get_fixed_timezone(0)))

    @property
    def tier(self):
        """See `Tier`: a passed time limit, another legal deadline, or a care duty."""
        if self.is_time_limit and self.status == OVERDUE:
            return Tier.UNLAWFUL
        return Tier.LEGAL if self.rule == Rule.DEADLINE else Tier.CARE

    @property
    def triage(self):
        """Sort key of the duty board: gravest tier first, then by urgency within the tier."""
        return (self.tier, *self.urgency)


def _utc(moment):
    """Add durations in real time: across a clock change 72 hours are 72 hours, not wall-clock."""
    return moment.astimezone(UTC)


def as_delta(value, unit):
    value = float(value)
    return timedelta(hours=value) if unit == Unit.HOURS else timedelta(minutes=value)


def record_conditions(record):
    """The facts about a record that norms' `applies_to` may name."""
    facts = {
        LegalBasis.CPC_208: Condition.CRIMINAL,
        LegalBasis.CPC_191: Condition.COURT_RULING,
        LegalBasis.CAO_262: Condition.ADMINISTRATIVE,
        LegalBasis.OTHER: Condition.OTHER_BASIS,
    }
    conditions = {facts[LegalBasis(record.legal_basis)]}
    if record.legal_basis == LegalBasis.CPC_191:
        conditions.add(Condition.CRIMINAL)
    flags = {
        Condition.MINOR: record.is_minor,
        Condition.FOREIGN_NATIONAL: record.is_foreign_national,
        Condition.INTOXICATED: record.is_intoxicated,
        Condition.DISABILITY: record.has_disability,
        Condition.MENTAL_HEALTH: record.has_mental_health_condition,
        Condition.PREGNANT: record.is_pregnant,
        Condition.MARTIAL_LAW: record.martial_law,
        Condition.EXTENDED_ADMINISTRATIVE: record.extended_administrative,
    }
    conditions |= {name for name, present in flags.items() if present}
    level = ObservationLevel(record.observation_level)
    if level != ObservationLevel.GENERAL:
        conditions.add(Condition(f"observation_{level.value}"))
    return conditions


def applies(norm, conditions):
    rule = norm.applies_to or {}
    return (
        set(rule.get("all", [])) <= conditions
        and (not rule.get("any") or bool(set(rule["any"]) & conditions))
        and not set(rule.get("none", [])) & conditions
    )


def matches(norm, entry):
    met = norm.met_by or {}
    if entry.kind not in met.get("kinds", []):
        return False
    return all(entry.details.get(name) in values for name, values in (met.get("details") or {}).items())


def versions_on(norm_versions, day):
    """The version of each key in force on a day."""
    chosen = {}
    for norm in sorted(norm_versions, key=lambda n: n.effective_from):
        if norm.effective_from <= day:
            chosen[norm.key] = norm
    return chosen


def effective_entries(entries):
    """Drop entries that a later correction replaced; the corrections stand in their place.

    Each kept entry gets `root_id` (the first version it corrects, or itself) and
    `related_root_id`, so a return still pairs with its exit after either was corrected.
    """
    root = {}
    for entry in sorted(entries, key=lambda e: e.pk):
        root[entry.pk] = root.get(entry.corrects_id, entry.corrects_id) if entry.corrects_id else entry.pk
    replaced = {e.corrects_id for e in entries if e.corrects_id}
    kept = []
    for entry in entries:
        if entry.pk in replaced:
            continue
        entry.root_id = root[entry.pk]
        entry.related_root_id = root.get(entry.related_id, entry.related_id)
        kept.append(entry)
    return sorted(kept, key=lambda e: (e.occurred_at, e.pk))


def limit_value(norm_versions, key, day):
    norm = versions_on(norm_versions, day).get(key)
    return norm.value if norm else None


def compute(record, entries, norm_versions, now, earlier=()):
    """Every obligation of one record, most urgent first.

    `earlier`: the entries of the records this custody was held under before a transfer
    (`record.transferred_from` and its predecessors). The legal clock counts the whole custody:
    norms anchored on the actual detention, and follow-ups such as a medical request not yet
    answered, see those entries too; care duties anchored on the arrival start at this facility.
    Closing is this record's own (`record.closed_at` and its release entry), never the sender's.
    """
    whole = effective_entries([*earlier, *entries]) if earlier else None
    entries = effective_entries(entries)
    end = record.closed_at if record.closed_at else now
    conditions = record_conditions(record)
    candidates = []
    # Each key is judged by the version in force when its clock started (deadlines) or now.
    for key in {n.key for n in norm_versions}:
        versions = [n for n in norm_versions if n.key == key]
        probe = versions_on(versions, timezone.localdate(end)).get(key)
        if probe is None or probe.rule == Rule.LIMIT:
            continue
        if probe.rule == Rule.DEADLINE:
            anchor = getattr(record, probe.anchor)
            probe = versions_on(versions, timezone.localdate(anchor)).get(key)
            if probe is None:
                continue
        if applies(probe, conditions):
            probe.history = versions  # recurring rules take each interval from its own day
            candidates.append(probe)
    candidates = _strictest_per_group(candidates)
    obligations = [_RULES[norm.rule](record, norm, _seen_by(norm, entries, whole), end) for norm in candidates]
    return sorted((o for o in obligations if o is not None), key=lambda o: o.urgency)


def _seen_by(norm, entries, whole):
    """The entries a norm is judged on: the whole custody's for the legal clock, this facility's for care."""
    if whole is None:
        return entries
    if norm.rule == Rule.FOLLOW_UP or (norm.rule == Rule.DEADLINE and norm.anchor == Anchor.DETAINED_AT):
        return whole
    return entries


def _strictest_per_group(norms):
    chosen, grouped = [], {}
    for norm in norms:
        if not norm.group:
            chosen.append(norm)
        elif norm.group not in grouped or norm.value < grouped[norm.group].value:
            grouped[norm.group] = norm
    return chosen + list(grouped.values())


def _base(norm, **kwargs):
    met = norm.met_by or {}
    return Obligation(
        key=norm.key,
        norm=norm,
        rule=norm.rule,
        action_kind=(met.get("kinds") or [""])[0],
        # Sorted: jsonb on PostgreSQL does not keep the stored key order.
        prefill={name: values[0] for name, values in sorted((met.get("details") or {}).items())},
        **kwargs,
    )


def _deadline(record, norm, entries, end):
    due = _utc(getattr(record, norm.anchor)) + as_delta(norm.value, norm.unit)
    met = norm.met_by or {}
    is_limit = bool(met.get("closed"))
    closed = record.closed_at
    if met.get("kinds"):
        first = next((e for e in entries if matches(norm, e)), None)
        if first is not None:
            late = first.occurred_at > due
            return _base(
                norm,
                status=MET_LATE if late else MET,
                due_at=due,
                met_by=first,
                met_at=first.occurred_at,
                is_time_limit=is_limit,
                note=_("%(span)s late") % {"span": _span(first.occurred_at - due)} if late else "",
            )
        if closed:
            # A release ends what was owed; it does not do it: a notice never served stays unserved.
            return _base(
                norm,
                status=NOT_APPLICABLE if closed <= due else NOT_MET,
                due_at=due,
                is_time_limit=is_limit,
                closed_first=True,
                note=_ended_before(record, handed_over=_handed_over(_own_release(record, entries)))
                if closed <= due
                else _closed_first(closed - due),
            )
    elif closed:
        # A pure limit on custody: the end of custody is what meets it, late if held past it.
        # This record's release: an earlier facility's release entry is a transfer, not a close.
        released = _own_release(record, entries)
        late = closed > due
        if not late and _handed_over(released):
            # Custody went on at another police facility: the limit runs on there, unmet and unbroken.
            return _base(
                norm,
                status=NOT_APPLICABLE,
                due_at=due,
                is_time_limit=is_limit,
                closed_first=True,
                note=_ended_before(record, handed_over=True),
            )
        return _base(
            norm,
            status=MET_LATE if late else MET,
            due_at=due,
            met_by=released,
            met_at=closed,
            is_time_limit=is_limit,
            note=_held_past(record, closed - due) if late else "",
        )
    return _base(norm, status=OVERDUE if end > due else DUE, due_at=due, is_time_limit=is_limit)


def _span(delta):
    return words(delta.total_seconds())


def _own_release(record, entries):
    return next((e for e in entries if e.kind == EntryKind.RELEASE and e.record_id == record.pk), None)


def _handed_over(release):
    """A transfer to another police facility: the detention goes on there on the same clock (CPC art. 211)."""
    return release is not None and release.details.get("destination") == Destination.OTHER_FACILITY


def _ended_before(record, *, handed_over=False):
    if handed_over:
        return _("handed over before it fell due: it runs on at the receiving facility")
    if record.status == Status.TRANSFERRED:
        return _("ended by the transfer before it fell due")
    return _("ended by release before it fell due")


def _closed_first(after):
    return _("the record closed first, %(span)s after it fell due") % {"span": _span(after)}


def _held_past(record, past):
    if record.status == Status.TRANSFERRED:
        return _("transferred %(span)s after the limit") % {"span": _span(past)}
    return _("released %(span)s after the limit") % {"span": _span(past)}


def _recurring(record, norm, entries, end):
    def step(version_of, since):
        """The interval that applies after `since`: the version in force that day decides."""
        version = versions_on(getattr(norm, "history", [norm]), timezone.localdate(since)).get(norm.key, version_of)
        return as_delta(version.interval or version.value, version.unit)

    anchor = _utc(getattr(record, norm.anchor))
    first = versions_on(getattr(norm, "history", [norm]), timezone.localdate(anchor)).get(norm.key, norm)
    due = anchor + as_delta(first.value, first.unit)
    last, missed = None, []
    for entry in entries:
        if entry.occurred_at > end or not matches(norm, entry):
            continue
        if entry.occurred_at > due:
            missed.append(due)
        last, due = entry, _utc(entry.occurred_at) + step(norm, entry.occurred_at)
    if last:
        progress = _("last at %(time)s") % {"time": _hm(last.occurred_at)}
    else:
        progress = _("none recorded") if record.closed_at else _("none yet")
    if record.closed_at:
        if record.closed_at > due:  # the last check that fell due before release never came
            missed.append(due)
        return _base(norm, status=NOT_MET if missed else MET, met_by=last, missed=missed, progress=progress)
    return _base(norm, status=OVERDUE if end > due else DUE, due_at=due, met_by=last, missed=missed, progress=progress)


def _days(start, end):
    """(day, window start, window end) for each Kyiv calendar day touched by [start, end]."""
    day = timezone.localdate(start)
    while True:
        day_start = timezone.make_aware(datetime.combine(day, time.min))
        day_end = day_start + timedelta(days=1)
        yield day, max(start, day_start), min(end, day_end), day_end
        if day_end >= end:
            return
        day += timedelta(days=1)


def _daily_count(record, norm, entries, end):
    start = record.arrived_at
    horizon = end if record.closed_at else None
    missed, today = [], None
    for day, window_start, window_end, day_end in _days(start, end):
        # Today counts the whole rest of the day the person will spend here.
        stay_end = window_end if horizon or day_end <= end else day_end
        required = math.floor(float(norm.value) * (stay_end - window_start) / timedelta(days=1))
        served = sum(1 for e in entries if matches(norm, e) and window_start <= e.occurred_at < day_end)
        finished = horizon is not None or day_end <= end
        if finished and served < required:
            missed.append(day)
        if not finished:
            today = (served, required, day_end)
    if today:
        # Today decides the status; missed days stay listed as history for the inspector.
        served, required, day_end = today
        status = DUE if served < required else MET
        progress = _("today %(served)s of %(required)s") % {"served": served, "required": required}
        return _base(
            norm, status=status, due_at=day_end if served < required else None, missed=missed, progress=progress
        )
    return _base(norm, status=NOT_MET if missed else MET, missed=missed)


def _daily_minutes(record, norm, entries, end):
    threshold = _utc(getattr(record, norm.anchor)) + timedelta(hours=float(norm.threshold_hours or 0))
    if end < threshold:
        return _closed_early(record, norm, threshold)
    missed, today = [], None
    for day, window_start, window_end, day_end in _days(threshold, end):
        day_start = day_end - timedelta(days=1)
        done = [e for e in entries if matches(norm, e) and day_start <= e.occurred_at < day_end]
        minutes = sum(int(e.details.get("minutes") or 0) for e in done)
        satisfied = minutes >= norm.value or any(e.details.get("declined") for e in done)
        finished = record.closed_at is not None or day_end <= end
        if finished and not satisfied and window_end - window_start >= as_delta(norm.value, Unit.MINUTES):
            missed.append(day)
        if not finished:
            today = (minutes, satisfied, day_end)
    if today:
        minutes, satisfied, day_end = today
        status = MET if satisfied else DUE
        progress = _("today %(minutes)s of %(value)s min") % {"minutes": minutes, "value": int(norm.value)}
        return _base(norm, status=status, due_at=None if satisfied else day_end, missed=missed, progress=progress)
    return _base(norm, status=NOT_MET if missed else MET, missed=missed)


def _closed_early(record, norm, threshold):
    """Not owed yet: the person has not been here long enough (and, once closed, never was)."""
    if record.closed_at:
        return _base(norm, status=NOT_APPLICABLE, due_at=threshold, closed_first=True, note=_ended_before(record))
    return _base(norm, status=NOT_APPLICABLE, due_at=threshold)


def _rest(record, norm, entries, end):
    threshold = _utc(getattr(record, norm.anchor)) + timedelta(hours=float(norm.threshold_hours or 24))
    if end < threshold:
        return _closed_early(record, norm, threshold)
    end = _utc(end)
    window_start = end - timedelta(hours=24)
    # Times the detainee was out of the cell inside the last 24 hours.
    outs, returns = {}, {}
    for entry in entries:
        if entry.kind == EntryKind.MOVEMENT_OUT:
            outs[entry.root_id] = entry.occurred_at
        elif entry.kind == EntryKind.MOVEMENT_RETURN and entry.related_id:
            returns[entry.related_root_id] = entry.occurred_at
    busy = sorted((o, returns.get(pk, end)) for pk, o in outs.items() if returns.get(pk, end) > window_start)
    longest, cursor = timedelta(0), window_start
    for out_at, back_at in busy:
        longest = max(longest, out_at - cursor)
        cursor = max(cursor, back_at)
    longest = max(longest, end - cursor)
    needed = as_delta(norm.value, Unit.HOURS)
    hours = Decimal(longest.total_seconds() / 3600).quantize(Decimal("0.1"))
    progress = _("longest rest in the last 24 h: %(hours)s h") % {"hours": hours}
    short = NOT_MET if record.closed_at else OVERDUE
    return _base(norm, status=MET if longest >= needed else short, progress=progress)


def _follow_up(record, norm, entries, end):
    """Each triggering entry must be followed by a meeting one within the norm's time."""
    triggers = [e for e in entries if e.kind in (norm.trigger or {}).get("kinds", [])]
    if not triggers:
        return None  # nothing asked for, nothing owed: not even worth a line
    missed, pending, last = [], None, None
    for trigger in triggers:
        due = _utc(trigger.occurred_at) + as_delta(norm.value, norm.unit)
        answer = next((e for e in entries if matches(norm, e) and e.occurred_at >= trigger.occurred_at), None)
        if answer is None:
            pending = pending or due
        elif answer.occurred_at > due:
            missed.append(due)
        last = answer or last
    if pending is not None:
        if record.closed_at:
            ended = record.closed_at <= pending
            return _base(
                norm,
                status=NOT_APPLICABLE if ended else NOT_MET,
                due_at=pending,
                met_by=last,
                missed=missed,
                closed_first=True,
                note=_ended_before(record) if ended else _closed_first(record.closed_at - pending),
            )
        return _base(norm, status=OVERDUE if end > pending else DUE, due_at=pending, met_by=last, missed=missed)
    status = MET_LATE if missed else MET
    return _base(norm, status=status, met_by=last, met_at=last.occurred_at, missed=missed)


_RULES = {
    Rule.DEADLINE: _deadline,
    Rule.RECURRING: _recurring,
    Rule.DAILY_COUNT: _daily_count,
    Rule.DAILY_MINUTES: _daily_minutes,
    Rule.REST: _rest,
    Rule.FOLLOW_UP: _follow_up,
}


def _hm(moment):
    return timezone.localtime(moment).strftime("%H:%M")


def next_time_limit(obligations):
    """The earliest legal time limit not yet met: what the detention clock counts down to."""
    open_limits = [o for o in obligations if o.is_time_limit and o.is_open]
    return min(open_limits, key=lambda o: o.due_at, default=None)


# The norm of a transfer's journey (a `limit`: a figure this fixed rule reads).
TRANSFER_ARRIVAL = "transfer-arrival"


def transit(transfer, norm_versions, now):
    """The sending facility's obligation while a detainee it handed over is on the way.

    Due at the departure plus the norm `transfer-arrival` in force that day; met by the receiving
    desk's acceptance. Without the norm (another profile), nothing is owed here.
    """
    norm = versions_on(norm_versions, timezone.localdate(transfer.departed_at)).get(TRANSFER_ARRIVAL)
    if norm is None:
        return None
    due = _utc(transfer.departed_at) + as_delta(norm.value, norm.unit)
    if transfer.accepted_at is not None:
        return _base(norm, status=MET, due_at=due, met_at=transfer.accepted_at, late=transfer.accepted_at > due)
    return _base(norm, status=OVERDUE if now > due else DUE, due_at=due)


def is_night(moment, norm_versions):
    """Night time for investigative actions (CPC art. 223 part 4), from the norms."""
    day = timezone.localdate(moment)
    start, end = limit_value(norm_versions, "night-start", day), limit_value(norm_versions, "night-end", day)
    if start is None or end is None:
        return False
    hour = timezone.localtime(moment).hour
    return hour >= start or hour < end
