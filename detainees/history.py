"""The change history in people's words: django-auditlog rows read as labelled, local, translated rows.

auditlog stores what the database held: field names, raw choice values, primary keys, UTC times
without an offset and JSON with `\\uXXXX` escapes, plus reverse relations as `app.Model.None`.
`readable()` turns a page of those rows into what a prosecutor can read — field labels, choice
labels, display text of related objects, local times, the author's name and role — in a fixed
number of queries; `describe_row()` does one row from the objects already fetched, without the
database, so it is tested directly.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .kinds import SPECS
from .models import BodyRegion, TimelineEntry
from .selectors import HISTORY_SAFE_FIELDS, WITHHELD, describe

# Bookkeeping a reader does not need: the row's own key and derived or automatic columns.
HIDDEN_FIELDS = {"id", "created_at", "name_key"}

# Fields declared without a translatable verbose_name; labelled here rather than by a migration.
LABELS = {
    "record": gettext_lazy("custody record"),
    "open_movement": gettext_lazy("open movement out"),
    "related": gettext_lazy("the exit it closes"),
    "booked_by": gettext_lazy("booked in by"),
}

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
        shown.append(Change(str(LABELS.get(name) or target.verbose_name), old, new))
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
