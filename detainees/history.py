"""The change history in people's words: django-auditlog rows read as labelled, local, translated rows.

auditlog stores what the database held: field names, raw choice values, primary keys, UTC times
without an offset and JSON with `\\uXXXX` escapes, plus reverse relations as `app.Model.None`.
`readable()` turns a page of those rows into what a prosecutor can read — field labels, choice
labels, display text of related objects, local times, the author's name and role — in a fixed
number of queries; `describe_row()` does one row from the objects already fetched, without the
database, so it is tested directly. `of_record()` chooses the rows of one record, so the history
page, the print and the export read the same rows; `csv_lines()` writes them for a spreadsheet.
"""

import csv
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .kinds import SPECS
from .models import BodyRegion, CustodyRecord, Person, TimelineEntry
from .selectors import HISTORY_SAFE_FIELDS, WITHHELD, describe

# Bookkeeping a reader does not need: the row's own key and derived or automatic columns.
HIDDEN_FIELDS = {"id", "created_at", "name_key"}

BODY_REGION_LABELS = dict(BodyRegion.choices)


@dataclass
class Details:
    """An entry's details as the timeline shows them (the `entry_details.html` partial)."""

    fields: list
    body_regions: list = field(default_factory=list)
    body_region_labels: list = field(default_factory=list)
    property_items: list = field(default_factory=list)


@dataclass
class Change:
    label: str
    old: object  # str, Details or None
    new: object
    name: str = ""  # the model field, for code that picks one out (the export's reason)

    @property
    def is_details(self):
        return isinstance(self.new, Details) or isinstance(self.old, Details)


@dataclass
class Row:
    when: datetime  # local time
    author: str
    roles: str
    remote_addr: str
    action: str
    subject: str
    changes: list

    @property
    def reason(self):
        """A correction's reason, the column a prosecutor looks for first."""
        return next((c.new for c in self.changes if c.name == "correction_reason" and c.new), "")


def of_record(record, *, shows_person, entry_ids=None):
    """The audit rows of a record, its entries and (when the viewer may see who it is) its person.

    Newest first, as the history page reads. `entry_ids` saves a query when the caller has the
    entries already (the print).
    """
    types = ContentType.objects.get_for_models(CustodyRecord, TimelineEntry, Person)
    if entry_ids is None:
        entry_ids = record.entries.values_list("pk", flat=True)
    scope = Q(content_type=types[CustodyRecord], object_pk=str(record.pk)) | Q(
        content_type=types[TimelineEntry], object_pk__in=[str(pk) for pk in entry_ids]
    )
    if shows_person:
        scope |= Q(content_type=types[Person], object_pk=str(record.person_id))
    return LogEntry.objects.filter(scope).select_related("actor", "content_type").order_by("-timestamp", "-pk")


def readable(log_entries, *, redact=False):
    """These audit rows in people's words; a fixed number of queries, whatever their number."""
    log_entries = list(log_entries)
    objects = related_objects(log_entries)
    return [describe_row(row, objects=objects, redact=redact) for row in log_entries]


def related_objects(log_entries):
    """{model: {pk: object}} for every object the rows point to: one query per related model.

    Users come with their groups so their roles are read without a query each.
    """
    wanted = {}
    for row in log_entries:
        model = row.content_type.model_class()
        if model is TimelineEntry:
            wanted.setdefault(TimelineEntry, set()).add(row.object_pk)
        if row.actor_id:
            wanted.setdefault(get_user_model(), set()).add(row.actor_id)
        for name, change in _changes(row):
            target = _model_field(model, name)
            if isinstance(target, models.ForeignKey):
                for value in change:
                    if value not in (None, "None", ""):
                        wanted.setdefault(target.related_model, set()).add(value)
    found = {}
    for model, pks in wanted.items():
        queryset = model._default_manager.all()
        if model is get_user_model():
            queryset = queryset.prefetch_related("groups")
        found[model] = {str(obj.pk): obj for obj in queryset.filter(pk__in=list(pks))}
    return found


def describe_row(row, *, objects, redact=False):
    """One audit row as a `Row`, from the objects `related_objects` fetched; no query."""
    model = row.content_type.model_class()
    changes = dict(_changes(row))
    users = objects.get(get_user_model(), {})
    actor = users.get(str(row.actor_id)) if row.actor_id else None
    shown = []
    for name, (old, new) in changes.items():
        target = _model_field(model, name)
        if target is None or name in HIDDEN_FIELDS:
            continue  # a reverse relation or a many-to-many: auditlog's noise
        if redact and name not in HISTORY_SAFE_FIELDS:
            old, new = (WITHHELD if v not in (None, "None", "") else None for v in (old, new))
        else:
            kind = _entry_kind(row, changes, objects)
            old, new = (_value(target, v, objects=objects, kind=kind, redact=redact) for v in (old, new))
        if row.action == LogEntry.Action.CREATE:
            old = None
            if new in (None, ""):
                continue  # a blank field at creation says nothing
        shown.append(Change(str(target.verbose_name), old, new, name=name))
    return Row(
        when=timezone.localtime(row.timestamp),
        author=str(actor or row.actor or _("system")),
        roles=", ".join(str(r) for r in actor.role_names) if actor else "",
        remote_addr=row.remote_addr or "",
        action=_action(row, model, changes),
        subject=_subject(row, model, objects),
        changes=shown,
    )


def _changes(row):
    """(field, (old, new)) pairs, leaving out many-to-many operations."""
    for name, change in (row.changes_dict or {}).items():
        if isinstance(change, (list, tuple)):
            yield name, ([*list(change), None, None])[:2]


def _model_field(model, name):
    """The concrete field `name` of the model, or None for reverse relations and unknown names."""
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:  # a column auditlog knew and the model no longer has
        return None
    return found if getattr(found, "concrete", False) and not found.many_to_many else None


def _action(row, model, changes):
    if row.action == LogEntry.Action.CREATE:
        if model is TimelineEntry and changes.get("corrects", (None, None))[1] not in (None, "None", ""):
            return _("corrected")
        return _("created")
    if row.action == LogEntry.Action.UPDATE:
        return _("changed")
    if row.action == LogEntry.Action.DELETE:
        return _("deleted")
    return _("viewed")


def _subject(row, model, objects):
    name = str(model._meta.verbose_name).capitalize() if model else row.content_type.name
    if model is TimelineEntry:
        entry = objects.get(TimelineEntry, {}).get(str(row.object_pk))
        if entry is not None:
            return _entry_text(entry)
    if model is not None and model.__name__ == "Person":
        return name  # the name itself may be withheld; the record header says whose it is
    return f"{name} {row.object_repr}".strip()


def _entry_text(entry):
    return f"{entry.get_kind_display()}, {timezone.localtime(entry.occurred_at):%d.%m.%Y %H:%M}"


def _entry_kind(row, changes, objects):
    kind = changes.get("kind", (None, None))[1]
    if kind in SPECS:
        return kind
    entry = objects.get(TimelineEntry, {}).get(str(row.object_pk))
    return entry.kind if entry is not None else None


def _value(target, raw, *, objects, kind, redact):
    """What auditlog stored for this field, as the pages show it; None for nothing."""
    if raw in (None, "None"):
        return None
    if isinstance(target, models.ForeignKey):
        obj = objects.get(target.related_model, {}).get(str(raw))
        if obj is None:
            return f"#{raw}"
        return _entry_text(obj) if isinstance(obj, TimelineEntry) else str(obj)
    if isinstance(target, models.JSONField) and target.name == "details":
        return _details(raw, kind, redact)
    if isinstance(target, models.BooleanField):
        return _("yes") if raw in ("True", True) else _("no")
    if target.choices:
        return str(dict(target.flatchoices).get(raw, raw))
    if isinstance(target, models.DateTimeField):
        return _local(raw)
    if isinstance(target, models.DateField):
        try:
            return date.fromisoformat(raw).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return raw
    return raw


def _local(raw):
    """auditlog writes UTC without an offset; shown in local time (the zone is stated on the page)."""
    try:
        moment = datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return raw
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def _details(raw, kind, redact):
    try:
        details = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return raw
    if not isinstance(details, dict) or kind not in SPECS:
        return raw
    if not details:
        return None
    # What `describe` reads of an entry; not a model instance, so nothing here could save one.
    entry = SimpleNamespace(kind=kind, details=details, cell_id=None)
    regions = details.get("body_regions", []) or []
    items = details.get("items", []) or []
    if redact:
        items = [{**item, "description": WITHHELD} for item in items]
    return Details(
        fields=describe(entry, redact=redact),
        body_regions=regions,
        body_region_labels=[str(BODY_REGION_LABELS.get(r, r)) for r in regions],
        property_items=items,
    )


# --- The export ---------------------------------------------------------------------------

# A leading = + - @ (or a tab / carriage return) makes a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_header():
    zone = timezone.get_current_timezone_name()
    return [
        _("When (%(zone)s)") % {"zone": zone},
        _("Who"),
        _("Role"),
        _("IP address"),
        _("What"),
        _("Action"),
        _("Field"),
        pgettext("value", "Before"),
        pgettext("value", "After"),
        _("Reason"),
    ]


def csv_rows(rows):
    """One line per changed field, oldest first; a row that changed no field still gets a line."""
    for row in rows:
        common = [row.when.strftime("%d.%m.%Y %H:%M:%S"), row.author, row.roles, row.remote_addr, row.subject]
        changes = [c for c in row.changes if c.name != "correction_reason"] or [None]
        for change in changes:
            if change is None:
                yield [*common, row.action, "", "", "", row.reason]
            else:
                label = capfirst(change.label)  # as the page shows it
                yield [*common, row.action, label, as_text(change.old), as_text(change.new), row.reason]


def csv_lines(rows):
    """The file as text pieces: a BOM and `;` between cells, so Excel with Ukrainian settings opens it."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow(csv_header())
    for line in csv_rows(rows):
        yield writer.writerow([_safe(str(value)) for value in line])


def as_text(value):
    """A change's value as one cell of text: entry details as "label: value" lines."""
    if value is None:
        return ""
    if not isinstance(value, Details):
        return str(value)
    lines = [f"{str(label).capitalize()}: {shown}" for label, shown in value.fields]
    if value.body_region_labels:
        lines.append(f"{_('Body chart')}: {', '.join(value.body_region_labels)}")
    for item in value.property_items:
        lines.append(
            f"{item.get('description', '')}; {_('quantity')}: {item.get('quantity', '')}; "
            f"{_('sealed bag number')}: {item.get('bag_number') or '—'}"
        )
    return "\n".join(lines)


def _safe(value):
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """csv.writer writes into this and gets the line back."""

    def write(self, value):
        return value
