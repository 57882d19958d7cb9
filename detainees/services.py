"""Every write to a custody record goes through one of these functions.

Each takes the acting user explicitly, runs in one transaction, writes its timeline entry and
the record's projections together, seals them into the facility's log (`integrity.log.seal`,
the last step) and raises `ValidationError` (changing nothing) when a rule of custody refuses
it. Views never write models themselves.

The writers take `recorded_at`, when the entry was written down: now, unless code imports a
paper journal or demo data (never a form or a view). The audit rows and seals keep the real
time of the write.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from custody.facilities.models import Cell
from custody.lib import access
from custody.lib.audit import acting_as
from integrity.log import seal

from . import placement, selectors
from .kinds import SPECS
from .models import (
    CustodyRecord,
    Destination,
    DocumentType,
    EntryKind,
    Person,
    RecordNumberSequence,
    ReleaseOutcome,
    Status,
    TimelineEntry,
    name_key,
)
from .signals import record_changed


def _recorded(at):
    """`recorded_at` as given (for imports of paper journals and demo data), else now."""
    now = timezone.now()
    if at is not None and at > now:
        raise ValueError("A write cannot be recorded in the future.")
    return now if at is None else at


# --- Booking in -----------------------------------------------------------------------------


def find_person(*, surname, given_name, patronymic, date_of_birth, document_type, document_number, **_ignored):
    """The person already known by this identity document, or else by name and date of birth."""
    if document_type != DocumentType.NONE and document_number:
        by_document = Person.objects.filter(document_type=document_type, document_number=document_number).first()
        if by_document:
            if by_document.name_key != name_key(surname, given_name, patronymic):
                raise ValidationError(
                    {
                        "document_number": _("This document number is registered to another person: %(name)s.")
                        % {"name": by_document.full_name}
                    }
                )
            return by_document
    return Person.objects.filter(
        name_key=name_key(surname, given_name, patronymic), date_of_birth=date_of_birth
    ).first()


def _next_record_number(facility, when):
    year = timezone.localtime(when).year
    try:
        with transaction.atomic():
            sequence, _created = RecordNumberSequence.objects.select_for_update().get_or_create(
                facility=facility, year=year
            )
    except IntegrityError:  # another desk created this year's counter a moment ago
        sequence = RecordNumberSequence.objects.select_for_update().get(facility=facility, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{facility.code}-{year}-{sequence.last:06d}"


def book_in(*, actor, person_data, record_data, recorded_at=None):
    """Open a custody record: find or create the person, number the record, write the intake entry.

    Refuses a detention the law does not allow (`CustodyRecord.clean`) and a second open record
    for a person already in custody (also enforced by a unique constraint, so two desks booking
    the same person at once cannot both succeed).
    """
    facility = record_data["facility"]
    access.require(access.may_book_in(actor) and access.may_write(actor) and access.in_scope(actor, facility.pk))
    now = _recorded(recorded_at)
    record = CustodyRecord(booked_by=actor, **record_data)
    record.check_legal_rules(now)

    with transaction.atomic(), acting_as(actor):
        person = find_person(**person_data)
        if person is None:
            person = Person.objects.create(**person_data)
        open_record = person.records.filter(status=Status.IN_CUSTODY).select_related("facility").first()
        if open_record:
            raise ValidationError(
                _("%(name)s is already in custody: record %(number)s in %(facility)s.")
                % {"name": person.full_name, "number": open_record.number, "facility": open_record.facility}
            )
        record.person = person
        record.number = _next_record_number(facility, record.arrived_at)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise ValidationError(_("This person already has an open custody record.")) from None
        intake = TimelineEntry.objects.create(
            record=record,
            kind=EntryKind.INTAKE,
            occurred_at=record.arrived_at,
            recorded_at=now,
            author=actor,
            details={"arrived_at": record.arrived_at.isoformat(), "detained_at": record.detained_at.isoformat()},
        )
        seal(facility=facility, entries=[intake])
    return record


# --- Timeline entries -----------------------------------------------------------------------


def _authorise(actor, record, *, allowed):
    """Refuse unless `allowed` for a writer (the record's scope was checked as it was locked)."""
    access.require(allowed and access.may_write(actor))


# Where the detainee is depends on the order of these entries, so none may be dated across
# a neighbour: a new one comes after the latest, a correction stays between its neighbours.
_ORDERED_KINDS = {
    EntryKind.PLACEMENT: (EntryKind.PLACEMENT,),
    EntryKind.MOVEMENT_OUT: (EntryKind.MOVEMENT_OUT, EntryKind.MOVEMENT_RETURN),
    EntryKind.MOVEMENT_RETURN: (EntryKind.MOVEMENT_OUT, EntryKind.MOVEMENT_RETURN),
}


def _effective(record, kinds):
    """Entries of these kinds that have not been corrected."""
    return record.entries.filter(kind__in=kinds).exclude(Exists(TimelineEntry.objects.filter(corrects=OuterRef("pk"))))


def _check_order(record, kind, occurred_at, replacing):
    kinds = _ORDERED_KINDS.get(kind)
    if not kinds:
        return
    neighbours = _effective(record, kinds)
    if replacing is None:
        latest = neighbours.order_by("-occurred_at").first()
        if latest and occurred_at < latest.occurred_at:
            raise ValidationError(
                {
                    "occurred_at": _("This cannot be dated before the previous cell placement or movement (%(time)s).")
                    % {"time": timezone.localtime(latest.occurred_at).strftime("%d.%m.%Y %H:%M")}
                }
            )
    elif occurred_at != replacing.occurred_at:
        low, high = sorted([occurred_at, replacing.occurred_at])
        if neighbours.exclude(pk=replacing.pk).filter(occurred_at__gt=low, occurred_at__lt=high).exists():
            raise ValidationError(
                {"occurred_at": _("A correction cannot move this entry past another cell placement or movement.")}
            )


def _check_rules(record, kind, occurred_at, details, cell, *, actor, recorded_at, replacing=None):
    """The custody rules for one entry, given the record as it stands (locked by the caller)."""
    if occurred_at > recorded_at:
        raise ValidationError({"occurred_at": _("An entry cannot be dated in the future.")})
    if occurred_at < record.detained_at:
        raise ValidationError({"occurred_at": _("An entry cannot be dated before the moment of actual detention.")})
    if record.closed_at and occurred_at > record.closed_at and SPECS[kind].in_custody_only:
        raise ValidationError({"occurred_at": _("This happened after the release; the record was closed then.")})

    if kind == EntryKind.SEARCH and details.get("searcher_sex") != record.person.sex:
        raise ValidationError({"searcher_sex": _("A search must be carried out by an officer of the same sex.")})

    if kind == EntryKind.INTERVIEW_DETAINEE and not details.get("in_private"):
        # Within the hearing of police officers a detainee cannot speak freely: that is a note, not an interview.
        raise ValidationError(
            {"in_private": _("An interview that cannot be held in private is not recorded as one; add a note instead.")}
        )

    if kind == EntryKind.PLACEMENT and replacing is None:
        _check_placement(record, cell, details, actor)

    if kind == EntryKind.MOVEMENT_OUT and replacing is None and record.open_movement_id:
        raise ValidationError(_("The detainee is already out of the cell; record their return first."))

    if kind == EntryKind.MOVEMENT_RETURN and replacing is None:
        if not record.open_movement_id:
            raise ValidationError(_("The detainee is not out of the cell."))
        if occurred_at < record.open_movement.occurred_at:
            raise ValidationError({"occurred_at": _("The return cannot be before the detainee was taken out.")})

    _check_order(record, kind, occurred_at, replacing)


def _check_placement(record, cell, details, actor):
    if record.current_cell_id == cell.pk:
        raise ValidationError({"cell": _("The detainee is already in this cell.")})
    if record.open_movement_id:
        raise ValidationError(_("The detainee is out of the cell; record their return first."))
    _check_cell_has_room(record, cell, details, actor)


def _check_cell_has_room(record, cell, details, actor):
    """Facility, service state and capacity are absolute; area and separation can be overridden.

    A facility head may place against the area or separation rules with a written reason; the
    reason and the rules overridden are stored on the placement entry itself.
    """
    if cell.facility_id != record.facility_id:
        raise ValidationError({"cell": _("This cell belongs to another facility.")})
    # Lock the cell so two officers cannot both take its last place.
    cell = Cell.objects.select_for_update().get(pk=cell.pk)
    if not cell.in_service:
        raise ValidationError({"cell": _("Cell %(number)s is out of service.") % {"number": cell.number}})
    occupants = list(
        CustodyRecord.objects.filter(current_cell=cell, status=Status.IN_CUSTODY)
        .exclude(pk=record.pk)
        .select_related("person")
    )
    if len(occupants) >= cell.capacity:
        raise ValidationError(
            {
                "cell": _("Cell %(number)s is full (%(capacity)s places).")
                % {"number": cell.number, "capacity": cell.capacity}
            }
        )
    profile = record.facility.norm_profile_id
    broken = placement.broken_rules(record, cell, occupants, selectors.norms_by_profile([profile])[profile])
    if not broken:
        details.pop("override_reason", None)
        return
    reason = (details.get("override_reason") or "").strip()
    if reason and access.may_override_placement(actor):
        details["overridden_rules"] = [str(message) for message in broken]
        return
    raise ValidationError({"cell": [*broken, _("A facility head may place the detainee anyway, giving a reason.")]})


def _locked(record, actor):
    """The record, locked, if its facility is in the actor's scope (one statement); else refused."""
    # of=("self",): lock the record row only; PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join to open_movement.
    rows = CustodyRecord.objects.select_for_update(of=("self",)).select_related("person", "open_movement")
    locked = access.within_scope(rows, actor).filter(pk=record.pk).first()
    if locked is None:
        raise PermissionDenied
    return locked


def add_entry(*, record, actor, kind, occurred_at, details=None, cell=None, recorded_at=None):
    """Append one entry to a record's timeline, update what it changes (cell, movement), seal it."""
    spec = SPECS[kind]
    if not spec.manual:
        raise ValidationError(_("This kind of entry is written by its own procedure."))
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        written = _write_entry(record, actor, spec, occurred_at, dict(details or {}), cell, _recorded(recorded_at))
        seal(facility=record.facility_id, entries=written)
    return written[0]


def _write_entry(record, actor, spec, occurred_at, details, cell, recorded_at):
    """Check and write one entry on a locked record; returns what it wrote (the entry first)."""
    kind = spec.kind
    _authorise(actor, record, allowed=access.may_record(actor, spec))
    if spec.in_custody_only and not record.is_open:
        raise ValidationError(_("This record is closed: only notes, complaints and injuries can be added."))
    _check_rules(record, kind, occurred_at, details, cell, actor=actor, recorded_at=recorded_at)
    entry = TimelineEntry.objects.create(
        record=record,
        kind=kind,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        author=actor,
        details=details,
        cell=cell,
        related=record.open_movement if kind == EntryKind.MOVEMENT_RETURN else None,
    )
    written = [entry]
    if kind == EntryKind.PLACEMENT:
        record.current_cell = cell
        record.save(update_fields=["current_cell"])
    elif kind == EntryKind.MOVEMENT_OUT:
        record.open_movement = entry
        record.save(update_fields=["open_movement"])
    elif kind == EntryKind.MOVEMENT_RETURN:
        record.open_movement = None
        record.save(update_fields=["open_movement"])
    elif kind == EntryKind.INTERVIEW_DETAINEE and (
        details.get("injuries_reported") or details.get("request_medical") or details.get("treatment_complaints")
    ):
        # Injuries, ill-treatment or a request reported in private become a medical request at once,
        # linked to the interview, so the medic is owed an examination.
        reason = (
            details.get("injuries_description")
            or details.get("treatment_complaints")
            or _("Requested at the inspector's interview.")
        )
        written.append(
            TimelineEntry.objects.create(
                record=record,
                kind=EntryKind.MEDICAL_REQUEST,
                occurred_at=occurred_at,
                recorded_at=recorded_at,
                author=actor,
                details={"reason": reason},
                related=entry,
            )
        )
    elif kind == EntryKind.RISK_REVIEW:
        # From now on the checks follow the new level (obligations read the record).
        record.observation_level = details["observation_level"]
        record.is_intoxicated = bool(details.get("intoxicated"))
        record.save(update_fields=["observation_level", "is_intoxicated"])
    if not record.is_open:
        record_changed.send(sender=CustodyRecord, record=record)
    return written


def correct_entry(*, entry, actor, occurred_at, details, reason, cell=None, recorded_at=None):
    """Write a correction: a new entry of the same kind pointing at the old one, with a reason.

    Only the latest version of an entry can be corrected, so the chain of corrections stays a
    line. A corrected placement moves the record's current cell only if it was the current one.
    """
    spec = SPECS[entry.kind]
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": _("Give the reason for the correction.")})
    if not spec.manual:
        raise ValidationError(_("This entry cannot be corrected here; add a note explaining the error."))
    with transaction.atomic(), acting_as(actor):
        record = _locked(entry.record, actor)
        # Unlike new entries, corrections stay possible after release: a typo found later is
        # still corrected with a reason, and the closed-record date rule still applies.
        _authorise(actor, record, allowed=access.may_record(actor, spec))
        if TimelineEntry.objects.filter(corrects=entry).exists():
            raise ValidationError(_("This entry was already corrected; correct the latest version instead."))
        recorded_at = _recorded(recorded_at)
        _check_rules(
            record, entry.kind, occurred_at, details, cell, actor=actor, recorded_at=recorded_at, replacing=entry
        )
        # Only correcting the placement in force moves the detainee; older ones are history.
        moves_occupant = entry.kind == EntryKind.PLACEMENT and record.is_open and _current_placement(record) == entry
        if moves_occupant and cell != entry.cell:
            if record.open_movement_id:
                raise ValidationError(_("The detainee is out of the cell; record their return first."))
            _check_cell_has_room(record, cell, details, actor)
        correction = TimelineEntry.objects.create(
            record=record,
            kind=entry.kind,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            author=actor,
            details=details,
            cell=cell,
            related=entry.related,
            corrects=entry,
            correction_reason=reason,
        )
        if moves_occupant:
            record.current_cell = _current_placement(record).cell
            record.save(update_fields=["current_cell"])
        if record.open_movement_id == entry.pk:
            record.open_movement = correction
            record.save(update_fields=["open_movement"])
        if not record.is_open:
            record_changed.send(sender=CustodyRecord, record=record)
        seal(facility=record.facility_id, entries=[correction])
    return correction


def _current_placement(record):
    """The latest placement that has not been corrected: the one that says where they are."""
    return (
        record.entries.filter(kind=EntryKind.PLACEMENT)
        .exclude(Exists(TimelineEntry.objects.filter(corrects=OuterRef("pk"))))
        .order_by("-occurred_at", "-pk")
        .select_related("cell")
        .first()
    )


# --- Release / transfer ---------------------------------------------------------------------


def _check_transfer(details):
    """A transfer is a handover to a named receiving institution; to freedom it would be a release."""
    if details.get("outcome") != ReleaseOutcome.TRANSFERRED:
        return
    errors = {}
    if details.get("destination") == Destination.FREEDOM:
        errors["destination"] = _("A transfer goes to an institution, not to freedom.")
    if not (details.get("destination_detail") or "").strip():
        errors["destination_detail"] = _("Name the receiving institution.")
    if errors:
        raise ValidationError(errors)


def release(*, record, actor, occurred_at, details, recorded_at=None):
    """Close a record: released to freedom or transferred elsewhere. Frees the cell place."""
    new_status = Status.TRANSFERRED if details.get("outcome") == ReleaseOutcome.TRANSFERRED else Status.RELEASED
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        _authorise(actor, record, allowed=access.may_release(actor))
        _check_transfer(details)
        if not record.can_become(new_status):
            raise ValidationError(
                _("A record that is %(status)s cannot be closed again.") % {"status": record.get_status_display()}
            )
        recorded_at = _recorded(recorded_at)
        if occurred_at > recorded_at:
            raise ValidationError({"occurred_at": _("The release cannot be dated in the future.")})
        if occurred_at < record.arrived_at:
            raise ValidationError({"occurred_at": _("The release cannot be before the arrival at the facility.")})
        last = (
            _effective(record, EntryKind.values).order_by("-occurred_at").values_list("occurred_at", flat=True).first()
        )
        if last and occurred_at < last:
            raise ValidationError(
                {
                    "occurred_at": _("The release cannot be before the last entry on the timeline (%(time)s).")
                    % {"time": timezone.localtime(last).strftime("%d.%m.%Y %H:%M")}
                }
            )
        entry = TimelineEntry.objects.create(
            record=record,
            kind=EntryKind.RELEASE,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            author=actor,
            details=details,
            cell=record.current_cell,
        )
        record.status = new_status
        record.closed_at = occurred_at
        record.current_cell = None
        record.open_movement = None
        record.save(update_fields=["status", "closed_at", "current_cell", "open_movement"])
        record_changed.send(sender=CustodyRecord, record=record)
        seal(facility=record.facility_id, entries=[entry])
    return record


# --- Rounds ---------------------------------------------------------------------------------


def record_round(*, actor, facility, kind, occurred_at, rows):
    """One check or meal round for a facility: an entry per person, all or nothing.

    `rows` maps each custody record to the details of its entry. If any person cannot take the
    entry (released meanwhile, another facility, a rule refuses it) nothing is saved and the
    error names the record.
    """
    if kind not in (EntryKind.CHECK, EntryKind.MEAL):
        raise ValidationError(_("Rounds record observation checks or meals."))
    if not rows:
        raise ValidationError(_("Choose at least one person for this round."))
    entries, recorded_at = [], timezone.now()
    with transaction.atomic(), acting_as(actor):
        # Records are locked in one order, so two rounds over the same people cannot deadlock.
        for record, details in sorted(rows, key=lambda row: row[0].pk):
            if record.facility_id != facility.pk:
                raise PermissionDenied
            record = _locked(record, actor)
            try:
                entries += _write_entry(record, actor, SPECS[kind], occurred_at, dict(details), None, recorded_at)
            except ValidationError as error:
                raise ValidationError(
                    _("%(number)s: %(error)s") % {"number": record.number, "error": " ".join(error.messages)}
                ) from None
        # One seal for the round: the facility's log head is taken once, after every record.
        seal(facility=facility, entries=entries)
    return entries
