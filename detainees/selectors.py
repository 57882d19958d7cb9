"""Reads across relations for the custody pages, each a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, npgettext, pgettext_lazy

from custody.facilities.models import Cell
from custody.lib import access

from . import obligations, placement
from .kinds import SPECS
from .models import (
    INVESTIGATIVE_PURPOSES,
    BodyRegion,
    CustodyRecord,
    EntryKind,
    Sex,
    Status,
    TimelineEntry,
    Transfer,
    TransferStatus,
    name_key,
)

BODY_REGION_LABELS = dict(BodyRegion.choices)


def record_list(user, *, query="", status="", facility=None):
    records = access.records(user).for_list()
    if status:
        records = records.filter(status=status)
    if facility:
        records = records.filter(facility=facility)
    query = query.strip()
    if query:
        match = Q(number__icontains=query)
        if access.may_see_names(user):
            # The name key is case-folded with apostrophes unified, so "ком’яков" finds Ком'яков
            # on SQLite too (whose LIKE folds ASCII only).
            match |= Q(person__name_key__contains=name_key(query))
        records = records.filter(match)
    return records.order_by("-detained_at", "-pk")


def timeline(record, entries=None, norms=(), redact=False):
    """The record's entries in time order, each original carrying its chain of corrections.

    One query, whatever the number of entries. Corrections are attached to the entry they
    correct (and not listed again on their own), so a reader sees what was first written and
    what it was corrected to, side by side.
    """
    entries = list(record.entries.for_timeline()) if entries is None else entries
    by_target = {}
    for entry in entries:
        entry.fields = describe(entry, redact=redact)
        entry.spec = SPECS[entry.kind]
        entry.property_items = entry.details.get("items", [])
        if redact:
            entry.property_items = [{**item, "description": WITHHELD} for item in entry.property_items]
            if entry.correction_reason:
                entry.correction_reason = WITHHELD
        entry.body_regions = entry.details.get("body_regions", [])
        entry.at_night = (
            entry.kind == EntryKind.MOVEMENT_OUT
            and entry.details.get("purpose") in INVESTIGATIVE_PURPOSES
            and obligations.is_night(entry.occurred_at, norms)
        )
        entry.body_region_labels = [str(BODY_REGION_LABELS.get(r, r)) for r in entry.body_regions]
        entry.corrections_chain = []
        if entry.corrects_id:
            by_target[entry.corrects_id] = entry
    originals = [e for e in entries if not e.corrects_id]
    for original in originals:
        current = original
        while current.pk in by_target:
            current = by_target[current.pk]
            original.corrections_chain.append(current)
        original.latest = current
    return originals


# What a pseudonymised view shows in place of free text, which may name anyone.
WITHHELD = gettext_lazy("[free text withheld]")


def _free_text(field):
    return isinstance(field, forms.CharField) and not getattr(field, "choices", None)


def describe(entry, redact=False):
    """(label, value) pairs for an entry's details, using its form's labels and choices.

    `redact` (pseudonymised viewers): free-text values are withheld — names of relatives,
    officers' notes and complaints can identify the detainee — while choices, yes/no answers,
    numbers and times stay, which is what monitoring needs.
    """
    spec = SPECS[entry.kind]
    rows = []
    if entry.cell_id and entry.kind != EntryKind.RELEASE:
        rows.append((_("cell"), entry.cell.number))
    for name, field in spec.form.base_fields.items():
        if name == "occurred_at" or name not in entry.details:
            continue
        value = entry.details[name]
        if value in ("", None, []):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        if redact and _free_text(field):
            value = WITHHELD
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, list):
            value = ", ".join(str(choices.get(v, v)) for v in value)
        elif choices:
            value = choices.get(value, value)
        elif isinstance(field, forms.DateTimeField):
            value = _format_iso(value)
        rows.append((field.label, value))
    return rows


def _format_iso(value):
    try:
        return timezone.localtime(datetime.fromisoformat(value)).strftime("%d.%m.%Y %H:%M")
    except (TypeError, ValueError):
        return value


def norms_by_profile(profile_ids):
    """All norm versions of these profiles, grouped by profile: one query."""
    from custody.norms.models import Norm

    grouped = {pk: [] for pk in profile_ids}
    for norm in Norm.objects.filter(profile_id__in=profile_ids):
        grouped[norm.profile_id].append(norm)
    return grouped


def record_obligations(record, entries, now):
    norms = norms_by_profile([record.facility.norm_profile_id])[record.facility.norm_profile_id]
    return obligations.compute(record, entries, norms, now, earlier=earlier_entries([record])[record.pk]), norms


def earlier_entries(records, since=None):
    """{record pk: the entries of the records its custody was held under before} (transfers).

    One indexed query for any number of records (every record of a custody points at its first,
    `custody_root`), none when no record was transferred in. `since` leaves out routine checks
    older than it, as the board does.
    """
    result = {record.pk: [] for record in records}
    continued = [record for record in records if record.custody_root_id]
    if not continued:
        return result
    roots = {record.custody_root_id for record in continued}
    rows = TimelineEntry.objects.filter(Q(record_id__in=roots) | Q(record__custody_root_id__in=roots))
    if since is not None:
        rows = rows.exclude(kind=EntryKind.CHECK, occurred_at__lt=since)
    rows = list(rows.annotate(custody=Coalesce("record__custody_root_id", "record_id")).order_by("occurred_at", "pk"))
    for record in continued:
        # Predecessors were opened before it: the records of one custody are created in order.
        result[record.pk] = [e for e in rows if e.custody == record.custody_root_id and e.record_id < record.pk]
    return result


def transfers(facilities, now, *, arriving):
    """Pending transfers to these facilities (`arriving`), or sent from them, each with its arrival
    obligation (`obligations.transit`, the sending facility's norms): two queries, overdue first.
    """
    where = {"to_facility__in": facilities} if arriving else {"from_record__facility__in": facilities}
    rows = list(
        Transfer.objects.filter(status=TransferStatus.PENDING, **where)
        .select_related("from_record__person", "from_record__facility", "to_facility")
        .order_by("departed_at", "pk")
    )
    if not rows:
        return []
    norms = norms_by_profile({t.from_record.facility.norm_profile_id for t in rows})
    for transfer in rows:
        transfer.obligation = obligations.transit(transfer, norms[transfer.from_record.facility.norm_profile_id], now)
    far = now + timedelta(days=365)
    return sorted(rows, key=lambda t: t.obligation.urgency if t.obligation else (9, far))


def pending_transfer_of(person):
    """The transfer this person is on the way in, if any."""
    return (
        Transfer.objects.filter(from_record__person=person, status=TransferStatus.PENDING)
        .select_related("from_record__facility", "to_facility")
        .first()
    )


def recent_departure(person, facility, now):
    """The person's record closed at another facility within the window of the norm `limit-72h`, if any.

    Booking them in again so soon may be the same custody continued: the booking form asks.
    """
    norms = norms_by_profile([facility.norm_profile_id])[facility.norm_profile_id]
    hours = obligations.limit_value(norms, "limit-72h", timezone.localdate(now))
    if hours is None:
        return None
    return (
        person.records.filter(
            status__in=[Status.RELEASED, Status.TRANSFERRED], closed_at__gte=now - timedelta(hours=float(hours))
        )
        .exclude(facility=facility)
        .select_related("facility")
        .order_by("-closed_at")
        .first()
    )


@dataclass
class BoardRow:
    record: CustodyRecord
    obligations: list
    next_limit: object
    attention: list  # overdue and due-soon obligations, gravest first (`Obligation.triage`)

    @property
    def overdue(self):
        return [o for o in self.attention if o.status == obligations.ObligationStatus.OVERDUE]

    @property
    def held_past_limit(self):
        """The passed time limit the person has been held past the longest, or None."""
        return next((o for o in self.attention if o.tier == obligations.Tier.UNLAWFUL), None)

    @property
    def tier(self):
        """The gravest tier among the row's alerts; None when nothing is overdue or due soon."""
        return self.attention[0].tier if self.attention else None


def _cell_order(cell):
    """Cells in the order a duty officer walks them: 2 before 10, anyone not yet placed last."""
    if cell is None:
        return (2, 0, "")
    number = cell.number
    return (0, int(number), "") if number.isdecimal() else (1, 0, number)


def _triage(row):
    """The board's order: people held past a legal limit, then legal deadlines, then care
    duties, each by its gravest alert (the longest overdue, then the soonest due); people
    with nothing pending last, by cell and arrival (never by name: a pseudonymised monitor
    would read the alphabet in the order)."""
    return (
        not row.attention,
        row.attention[0].triage if row.attention else (),
        _cell_order(row.record.current_cell),
        row.record.arrived_at,
        row.record.pk,
    )


def board(facilities, now):
    """Everyone in custody in these facilities with what they are owed, gravest first (`_triage`).

    Three queries whatever the number of detainees: records, their entries, the norms. The
    order is computed here from the obligations already in hand, not in the database.
    """
    records = list(
        CustodyRecord.objects.in_custody()
        .filter(facility__in=facilities)
        .select_related("person", "facility", "current_cell", "open_movement")
    )
    entries = {record.pk: [] for record in records}
    # Routine checks are most of a long timeline; the board needs only the recent ones (the
    # next check is due from the last), so older checks are left in the database.
    recent = TimelineEntry.objects.filter(record__in=[r.pk for r in records]).exclude(
        kind=EntryKind.CHECK, occurred_at__lt=now - timedelta(hours=24)
    )
    for entry in recent.order_by("occurred_at", "pk"):
        entries[entry.record_id].append(entry)
    earlier = earlier_entries(records, since=now - timedelta(hours=24))
    norms = norms_by_profile({r.facility.norm_profile_id for r in records})
    rows = []
    for record in records:
        owed = obligations.compute(
            record, entries[record.pk], norms[record.facility.norm_profile_id], now, earlier=earlier[record.pk]
        )
        attention = sorted(
            (o for o in owed if o.status == obligations.ObligationStatus.OVERDUE or o.due_soon(now)),
            key=lambda o: o.triage,
        )
        rows.append(BoardRow(record, owed, obligations.next_time_limit(owed), attention))
    rows.sort(key=_triage)
    return rows


# Audit-trail fields a pseudonymised viewer may read: states, kinds, times, places in the
# facility and yes/no flags. Every other value (names, documents, details, free text) is withheld.
HISTORY_SAFE_FIELDS = {
    "status",
    "kind",
    "occurred_at",
    "recorded_at",
    "closed_at",
    "detained_at",
    "arrived_at",
    "legal_basis",
    "observation_level",
    "current_cell",
    "cell",
    "facility",
    "open_movement",
    "corrects",
    "related",
    "record",
    "author",
    "booked_by",
    "is_intoxicated",
    "has_disability",
    "has_mental_health_condition",
    "is_pregnant",
    "martial_law",
    "extended_administrative",
    "number",
    "id",
}


# --- The cell picker ------------------------------------------------------------------------


@dataclass
class CellOption:
    """One cell as the placement form offers it: the verdict, and who is inside, in categories."""

    verdict: placement.Verdict
    groups: list  # one line per kind of occupant: "2 men, adults, criminal (case …0999)"
    selectable: bool

    @property
    def cell(self):
        return self.verdict.cell


def cell_options(record, user):
    """Every cell of the record's facility, judged for placing `record` there by `placement.judge`.

    Three queries whatever the number of cells and occupants: cells, occupants, norms. Occupants
    are described by the categories the separation rules use; their names only for a viewer who
    may see who is held (`access.may_see_name`). A cell breaking an area or separation rule is
    selectable only by whoever may override it; the absolute refusals (full, out of service) by nobody.
    """
    cells = sorted(Cell.objects.filter(facility_id=record.facility_id), key=_natural_number)
    inside = {cell.pk: [] for cell in cells}
    occupants = (
        CustodyRecord.objects.in_custody()
        .filter(current_cell__facility_id=record.facility_id)
        .exclude(pk=record.pk)
        .select_related("person")
        .order_by("pk")
    )
    for other in occupants:
        inside[other.current_cell_id].append(other)
    profile = record.facility.norm_profile_id
    norms = norms_by_profile([profile])[profile]
    may_override = access.may_override_placement(user)
    names = access.may_see_name(user, record)  # occupants are held at the record's facility
    options = []
    for cell in cells:
        verdict = placement.judge(record, cell, inside[cell.pk], norms)
        selectable = not verdict.refusals and (not verdict.broken or may_override)
        options.append(CellOption(verdict, occupant_groups(inside[cell.pk], names=names), selectable))
    # What fits first, then what a head may override, then what nobody may choose.
    options.sort(key=lambda option: (bool(option.verdict.refusals), bool(option.verdict.broken)))
    return options


def _natural_number(cell):
    """Cell 2 before cell 10; numbers such as "1a" keep their letters in order."""
    digits = "".join(ch for ch in cell.number if ch.isdigit())
    return (int(digits) if digits else 0, cell.number)


def occupant_groups(occupants, *, names=False):
    """Occupants summarised by sex, age and regime with their cases, in the order they were placed."""
    groups = {}
    for other in occupants:
        groups.setdefault((other.person.sex, other.is_minor, placement.regime(other)), []).append(other)
    lines = []
    for (sex, minor, regime), people in groups.items():
        count = len(people)
        # The age word agrees with the noun in Ukrainian, hence a context for each sex.
        if sex == Sex.FEMALE:
            who = npgettext("cell occupants", "%(count)s woman", "%(count)s women", count) % {"count": count}
            if minor:
                age = npgettext("women in a cell", "minor", "minors", count)
            else:
                age = npgettext("women in a cell", "adult", "adults", count)
        else:
            who = npgettext("cell occupants", "%(count)s man", "%(count)s men", count) % {"count": count}
            if minor:
                age = npgettext("men in a cell", "minor", "minors", count)
            else:
                age = npgettext("men in a cell", "adult", "adults", count)
        line = ", ".join([who, age, str(REGIME_LABELS[regime])])
        # The last digits tell co-accused apart without spelling out the proceedings.
        # A word joiner keeps "…0999" whole; a no-break space keeps it beside its word.
        cases = list(dict.fromkeys(f"…\u2060{other.case_number[-4:]}" for other in people if other.case_number))
        if cases:
            text = ngettext("(case %(cases)s)", "(cases %(cases)s)", len(cases)) % {"cases": ", ".join(cases)}
            line += " " + text.replace(" …", "\u00a0…", 1)
        if names:
            line += " — " + ", ".join(other.person.full_name for other in people)
        lines.append(line)
    return lines


REGIME_LABELS = {
    "criminal": pgettext_lazy("cell occupants", "criminal"),
    "administrative": pgettext_lazy("cell occupants", "administrative"),
    "other": pgettext_lazy("cell occupants", "other basis"),
}
