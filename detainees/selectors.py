"""Reads across relations for the custody pages, each a fixed number of queries."""

from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import BODY_REGIONS
from .kinds import SPECS
from .models import CustodyRecord, name_key

BODY_REGION_LABELS = dict(BODY_REGIONS)


def record_list(user, *, query="", status="", facility=None):
    records = CustodyRecord.objects.visible_to(user).for_list()
    if status:
        records = records.filter(status=status)
    if facility:
        records = records.filter(facility=facility)
    query = query.strip()
    if query:
        match = Q(number__icontains=query)
        if user.has_perm("detainees.view_identity"):
            # The name key is case-folded with apostrophes unified, so "ком’яков" finds Ком'яков
            # on SQLite too (whose LIKE folds ASCII only).
            match |= Q(person__name_key__contains=name_key(query))
        records = records.filter(match)
    return records.order_by("-detained_at", "-pk")


def timeline(record):
    """The record's entries in time order, each original carrying its chain of corrections.

    One query, whatever the number of entries. Corrections are attached to the entry they
    correct (and not listed again on their own), so a reader sees what was first written and
    what it was corrected to, side by side.
    """
    entries = list(record.entries.for_timeline())
    by_target = {}
    for entry in entries:
        entry.fields = describe(entry)
        entry.spec = SPECS[entry.kind]
        entry.property_items = entry.details.get("items", [])
        entry.body_regions = entry.details.get("body_regions", [])
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


def describe(entry):
    """(label, value) pairs for an entry's details, using its form's labels and choices."""
    spec = SPECS[entry.kind]
    rows = []
    if entry.cell_id and entry.kind != "release":
        rows.append((_("cell"), entry.cell.number))
    for name, field in spec.form.base_fields.items():
        if name == "occurred_at" or name not in entry.details:
            continue
        value = entry.details[name]
        if value in ("", None, []):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, bool):
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

