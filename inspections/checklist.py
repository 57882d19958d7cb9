"""The record-review checklist, prefilled from what the record shows.

Each item carries a computed suggestion (compliant / non-compliant / not applicable) and the
evidence behind it; the inspector gives the answer. Time limits and care duties come from the
obligations the norms define; the rest are checks of the record's own completeness.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from detainees import obligations as rules
from detainees.models import EntryKind
from detainees.obligations import ObligationStatus
from inspections.models import Answer

# The record's own checks: (question, citation) by key. A review stores what it was started
# with; its page reads these (and a norm's title and citation) in the reader's language.
FIXED = {
    "property-recorded": (
        gettext_lazy("Search and property recorded, signed or refusal explained"),
        gettext_lazy("MIA ITT Regulations"),
    ),
    "movements-matched": (
        gettext_lazy("Every movement out of the cell matched by a return with the condition"),
        gettext_lazy("CPT/Inf(2002)15 §40"),
    ),
    "injuries-documented": (
        gettext_lazy("Injuries documented: statement, findings, opinion on consistency"),
        gettext_lazy("Istanbul Protocol; CPT/Inf(2002)15 §39"),
    ),
    "cell-conditions": (gettext_lazy("Conditions of the cell"), gettext_lazy("CPT/Inf(2015)44")),
}


def _fixed(key):
    question, citation = FIXED[key]
    return str(question), str(citation)


def _when(moment):
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def from_obligation(o):
    if o.status == ObligationStatus.NOT_APPLICABLE:
        if o.closed_first:
            return Answer.NOT_APPLICABLE, o.note
        return Answer.NOT_APPLICABLE, _("not applicable to this record")
    if o.status == ObligationStatus.MET and not o.missed:
        evidence = _("met %(when)s") % {"when": _when(o.met_at)} if o.met_at else _("met")
        return Answer.COMPLIANT, evidence
    if o.status in (ObligationStatus.MET, ObligationStatus.MET_LATE):
        evidence = _("met late%(when)s") % {"when": f" ({_when(o.met_at)})" if o.met_at else ""}
        return Answer.NON_COMPLIANT, evidence + (f": {o.note}" if o.note else "")
    missed = _("; %(n)s missed") % {"n": len(o.missed)} if o.missed else ""
    due = _("due %(when)s") % {"when": _when(o.due_at)} if o.due_at else ""
    if o.status == ObligationStatus.NOT_MET:
        reason = _("not met — the record closed first") if o.closed_first else _("not met")
        return Answer.NON_COMPLIANT, reason + (f": {due}" if due else "") + missed
    if o.status == ObligationStatus.OVERDUE:
        return Answer.NON_COMPLIANT, _("overdue") + (f": {due}" if due else "") + missed
    return "", _("still running: due %(when)s") % {"when": _when(o.due_at)} if o.due_at else _("still running")


def build(record, entries, owed):
    """(key, question, citation, suggestion, evidence) for every item of the checklist."""
    entries = rules.effective_entries(entries)
    items = []
    for o in owed:
        suggestion, evidence = from_obligation(o)
        items.append((o.key, o.title, o.citation, suggestion, evidence))

    searches = [e for e in entries if e.kind == EntryKind.SEARCH]
    items.append(
        (
            "property-recorded",
            *_fixed("property-recorded"),
            Answer.COMPLIANT if searches else Answer.NON_COMPLIANT,
            _("%(n)s search entries") % {"n": len(searches)},
        )
    )

    outs = {e.root_id: e for e in entries if e.kind == EntryKind.MOVEMENT_OUT}
    backs = {e.related_root_id: e for e in entries if e.kind == EntryKind.MOVEMENT_RETURN}
    # The exit the detainee is out on right now is not missing its return yet.
    open_root = next((e.root_id for e in entries if e.pk == record.open_movement_id), None)
    unmatched = [o for root, o in outs.items() if root not in backs and root != open_root]
    no_condition = [b for b in backs.values() if not (b.details.get("condition") or "").strip()]
    if not outs:
        movement = (Answer.NOT_APPLICABLE, _("no movements out of the cell"))
    elif unmatched or no_condition:
        movement = (
            Answer.NON_COMPLIANT,
            _("%(n)s exits without a recorded return and condition") % {"n": len(unmatched) + len(no_condition)},
        )
    else:
        movement = (Answer.COMPLIANT, _("%(n)s exits, each matched by a return") % {"n": len(outs)})
    items.append(
        (
            "movements-matched",
            *_fixed("movements-matched"),
            *movement,
        )
    )

    injury_signs = [
        e
        for e in entries
        if e.details.get("injuries_reported") or e.details.get("new_injuries") or e.details.get("injuries")
    ]
    documented = [e for e in entries if e.kind == EntryKind.INJURY]
    if not injury_signs and not documented:
        injuries = (Answer.NOT_APPLICABLE, _("no injuries reported"))
    elif documented:
        injuries = (Answer.COMPLIANT, _("%(n)s injury records") % {"n": len(documented)})
    else:
        injuries = (Answer.NON_COMPLIANT, _("injuries reported but not documented by a medic"))
    items.append(
        (
            "injuries-documented",
            *_fixed("injuries-documented"),
            *injuries,
        )
    )

    cell = record.current_cell
    if cell is None:
        cell_item = ("", _("not in a cell now; check the cells the detainee was held in"))
    elif not cell.in_service or cell.defects.filter(fixed_at__isnull=True).exists():
        cell_item = (
            Answer.NON_COMPLIANT,
            _("cell %(number)s has open defects or is out of service") % {"number": cell.number},
        )
    else:
        cell_item = (Answer.COMPLIANT, _("cell %(number)s in service, no open defects") % {"number": cell.number})
    items.append(("cell-conditions", *_fixed("cell-conditions"), *cell_item))
    return items
