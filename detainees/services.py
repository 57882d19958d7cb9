"""Every write to a custody record goes through one of these functions.

Each takes the acting user explicitly, runs in one transaction, writes its timeline entry and
the record's projections together, seals them into the facility's log (`integrity.log.seal`,
the last step) and raises `ValidationError` (changing nothing) when a rule of custody refuses
it. Views never write models themselves.

The writers take `recorded_at`, when the entry was written down: now, unless code imports a
paper journal or demo data (never a form or a view). The audit rows and seals keep the real
time of the write.

A service per change of the record's state — `book_in`, `place_in_cell`, `take_out`,
`bring_back`, `review_risk`, `request_medical_exam`, `interview_detainee`, `release` — and
`add_entry` for the append-only kinds (notes, checks, meals, notifications…); `correct_entry`
corrects either. All of them create their entries through `_append`; `TRANSITIONS` tells the
generic callers which service writes a kind.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from custody.facilities.models import Cell
from custody.lib import access
from custody.lib.audit import acting_as, create_audited, current_write
from integrity.log import seal
from oversight.stats import services as summaries

from . import placement, selectors
from .kinds import SPECS, vocabulary_errors
from .models import (
    CustodyRecord,
    Destination,
    DocumentType,
    EntryKind,
    Person,
    PropertyReturn,
    RecordNumberSequence,
    ReleaseOutcome,
    Status,
    TimelineEntry,
    Transfer,
    TransferStatus,
    name_key,
)


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

    Refuses a detention the law does not allow (`CustodyRecord.check_legal_rules`) and a second open record
    for a person already in custody (also enforced by a unique constraint, so two desks booking
    the same person at once cannot both succeed).
    """
    facility = record_data["facility"]
    access.require(access.may_book_in(actor) and access.may_write(actor) and access.in_scope(actor, facility.pk))
    now = _recorded(recorded_at)
    Person(**person_data).check_identity_rules(timezone.localdate(now))
    record = CustodyRecord(booked_by=actor, **record_data)
    record.check_legal_rules(now)

    with transaction.atomic(), acting_as(actor):
        person = find_person(**person_data)
        if person is None:
            person = Person.objects.create(**person_data)
        _refuse_if_in_custody(person)
        pending = Transfer.objects.filter(from_record__person=person, status=TransferStatus.PENDING).first()
        if pending and pending.to_facility_id == facility.pk:
            # The clock of this custody is already running: accepting the transfer keeps it.
            raise ValidationError(
                _("%(name)s is being transferred here: accept the transfer instead of booking in.")
                % {"name": person.full_name}
            )
        record.person = person
        record.number = _next_record_number(facility, record.arrived_at)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise ValidationError(_("This person already has an open custody record.")) from None
        intake = _append(
            record,
            kind=EntryKind.INTAKE,
            actor=actor,
            occurred_at=record.arrived_at,
            recorded_at=now,
            details={"arrived_at": record.arrived_at.isoformat(), "detained_at": record.detained_at.isoformat()},
        )
        seal(facility=facility, entries=[intake])
    return record


def _refuse_if_in_custody(person):
    open_record = person.records.filter(status=Status.IN_CUSTODY).select_related("facility").first()
    if open_record:
        raise ValidationError(
            _("%(name)s is already in custody: record %(number)s in %(facility)s.")
            % {"name": person.full_name, "number": open_record.number, "facility": open_record.facility}
        )


# --- Writing an entry -----------------------------------------------------------------------
#
# Every writer below reads the same way: lock the record, authorise, check the entry's own
# rules, append it (`_append`, the one place a timeline entry is created), update what it
# changes on the record, seal. The append-only kinds (notes, checks, meals, notifications…)
# are all written by `add_entry`; each kind that changes the record has a service of its own,
# listed in `TRANSITIONS`.


def _locked(record, actor):
    """The record, locked, if its facility is in the actor's scope (one statement); else refused."""
    # of=("self",): lock the record row only; PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join to open_movement.
    rows = CustodyRecord.objects.select_for_update(of=("self",)).select_related("person", "open_movement")
    locked = access.within_scope(rows, actor).filter(pk=record.pk).first()
    if locked is None:
        raise PermissionDenied
    return locked


def _authorise(actor, *, allowed):
    """Refuse unless `allowed` for a writer (the record's scope was checked as it was locked)."""
    access.require(allowed and access.may_write(actor))


def _admit(record, actor, kind, occurred_at, recorded_at):
    """What every entry of a kind meets before its own rules: who may write it, the closed record, its date.

    Returns the kind's spec. Booking in and release date their entries by rules of their own.
    """
    spec = SPECS[kind]
    _authorise(actor, allowed=access.may_record(actor, spec))
    if spec.in_custody_only and not record.is_open:
        raise ValidationError(_("This record is closed: only notes, complaints and injuries can be added."))
    _check_dates(record, spec, occurred_at, recorded_at)
    return spec


def _check_dates(record, spec, occurred_at, recorded_at):
    """An entry is dated after the actual detention, not in the future (nor after the release, for custody kinds)."""
    if occurred_at > recorded_at:
        raise ValidationError({"occurred_at": _("An entry cannot be dated in the future.")})
    if occurred_at < record.detained_at:
        raise ValidationError({"occurred_at": _("An entry cannot be dated before the moment of actual detention.")})
    if record.closed_at and occurred_at > record.closed_at and spec.in_custody_only:
        raise ValidationError({"occurred_at": _("This happened after the release; the record was closed then.")})


def _append(
    record,
    *,
    kind,
    actor,
    occurred_at,
    recorded_at,
    details,
    cell=None,
    related=None,
    corrects=None,
    correction_reason="",
):
    """The one append function: write a timeline entry in its place among the placements and movements.

    Every entry is created here — by `add_entry`, each kind's service, a correction, booking in
    and release. The caller has locked the record, authorised the actor and checked the entry
    (`_admit`, the kind's own rules); afterwards it updates what the entry changes and seals.
    Details must keep to the kind's vocabulary, whoever calls. The entry's audit row is written
    with it and kept on it (`entry.audit_row`).
    """
    unknown = vocabulary_errors(kind, details)
    if unknown:
        raise ValidationError(unknown)
    _check_order(record, kind, occurred_at, corrects)
    entry, entry.audit_row = create_audited(
        TimelineEntry,
        record=record,
        kind=kind,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        author=actor,
        details=details,
        cell=cell,
        related=related,
        corrects=corrects,
        correction_reason=correction_reason,
    )
    return entry


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


# --- Append-only kinds ----------------------------------------------------------------------


def add_entry(*, record, actor, kind, occurred_at, details=None, cell=None, recorded_at=None):
    """Append one entry of an append-only kind (a note, a check, a meal, a notification…) and seal it.

    A kind that changes the record is handed to its own service (`TRANSITIONS`), so the entry
    page and older callers can write every hand-recorded kind through here.
    """
    if not SPECS[kind].manual:
        raise ValidationError(_("This kind of entry is written by its own procedure."))
    if kind in TRANSITIONS:
        placed = {"cell": cell} if cell is not None else {}
        return TRANSITIONS[kind].service(
            record=record, actor=actor, occurred_at=occurred_at, details=details, recorded_at=recorded_at, **placed
        )
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        entry = _add(record, actor, kind, occurred_at, dict(details or {}), cell, _recorded(recorded_at))
        # The entry and its audit row are all this write changed: nothing to search for.
        seal(facility=record.facility_id, entries=[entry], audit=[entry.audit_row])
    return entry


def _add(record, actor, kind, occurred_at, details, cell, recorded_at):
    """Check and append one entry of an append-only kind on a locked record (`add_entry`, rounds)."""
    _admit(record, actor, kind, occurred_at, recorded_at)
    _DETAIL_RULES.get(kind, _any_details)(record, details)
    entry = _append(
        record, kind=kind, actor=actor, occurred_at=occurred_at, recorded_at=recorded_at, details=details, cell=cell
    )
    if not record.is_open:
        summaries.refresh(record)
    return entry


def _check_searcher(record, details):
    """A search is carried out by an officer of the detainee's sex; a property list not signed says why."""
    if details.get("searcher_sex") != record.person.sex:
        raise ValidationError({"searcher_sex": _("A search must be carried out by an officer of the same sex.")})
    _check_refusal_explained(details, "detainee_signed", _("Say why the detainee did not sign the property list."))


def _check_rights_notice(record, details):
    """The written notice of rights is signed by the detainee, or the entry says why it was not."""
    _check_refusal_explained(details, "written_form_signed", _("Say why the detainee did not sign the written notice."))


def _check_refusal_explained(details, signed, message):
    """An entry that says the detainee did not sign says why (one that does not say, e.g. an import, is not judged)."""
    if signed in details and not details[signed] and not (details.get("refusal_reason") or "").strip():
        raise ValidationError({"refusal_reason": message})


def _check_in_private(record, details):
    """Within the hearing of police officers a detainee cannot speak freely: that is a note, not an interview."""
    if not details.get("in_private"):
        raise ValidationError(
            {"in_private": _("An interview that cannot be held in private is not recorded as one; add a note instead.")}
        )


def _any_details(record, details):
    """Most kinds set no rule on what their entry says beyond the shape its form checks."""


# Rules on what an entry says, met by a new entry and by a correction alike.
_DETAIL_RULES = {
    EntryKind.RIGHTS: _check_rights_notice,
    EntryKind.SEARCH: _check_searcher,
    EntryKind.INTERVIEW_DETAINEE: _check_in_private,
}


# --- Cell placement -------------------------------------------------------------------------


def place_in_cell(*, record, actor, cell, occurred_at, details=None, recorded_at=None):
    """Place the detainee in a cell, or move them to another: the cell must have room for them.

    Refused while the detainee is out of the cell or already in this one. The cell must belong
    to the record's facility, be in service and below its capacity; the area per person
    (CPT/Inf(2015)44) and the separation rules (`placement.SEPARATION_CITATION`) give way only
    to a facility head's written reason, stored on the entry with the rules it overrides.
    """
    details = dict(details or {})
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        recorded_at = _recorded(recorded_at)
        _admit(record, actor, EntryKind.PLACEMENT, occurred_at, recorded_at)
        if record.open_movement_id:
            raise ValidationError(_("The detainee is out of the cell; record their return first."))
        _check_cell_has_room(record, cell, details, actor)
        entry = _append(
            record,
            kind=EntryKind.PLACEMENT,
            actor=actor,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            details=details,
            cell=cell,
        )
        record.current_cell = cell
        record.save(update_fields=["current_cell"])
        seal(facility=record.facility_id, entries=[entry])
    return entry


def _check_cell_has_room(record, cell, details, actor):
    """`placement.judge` decides, on the locked cell: the same verdict the cell picker showed.

    Facility, service state and capacity are absolute; a facility head may place against the
    area or separation rules with a written reason, stored on the entry with the rules overridden.
    """
    # Lock the cell so two officers cannot both take its last place.
    cell = Cell.objects.select_for_update().get(pk=cell.pk)
    occupants = list(
        CustodyRecord.objects.filter(current_cell=cell, status=Status.IN_CUSTODY)
        .exclude(pk=record.pk)
        .select_related("person")
    )
    profile = record.facility.norm_profile_id
    verdict = placement.judge(record, cell, occupants, selectors.norms_by_profile([profile])[profile])
    if verdict.refusals:
        raise ValidationError({"cell": verdict.refusals})
    if not verdict.broken:
        details.pop("override_reason", None)
        return
    reason = (details.get("override_reason") or "").strip()
    if reason and access.may_override_placement(actor):
        details["overridden_rules"] = [str(message) for message in verdict.broken]
        return
    raise ValidationError({"cell": [*verdict.broken, placement.OVERRIDE_HINT]})


def _correcting_placement(record, entry, *, actor, cell, details):
    """Correcting the placement in force moves the detainee, so the new cell must have room; older ones are history."""
    if not (record.is_open and _current_placement(record) == entry):
        return None
    if cell != entry.cell:
        if record.open_movement_id:
            raise ValidationError(_("The detainee is out of the cell; record their return first."))
        _check_cell_has_room(record, cell, details, actor)
    return _move_to_current_placement


def _move_to_current_placement(record, correction):
    record.current_cell = _current_placement(record).cell
    record.save(update_fields=["current_cell"])


def _current_placement(record):
    """The latest placement that has not been corrected: the one that says where they are."""
    return (
        record.entries.filter(kind=EntryKind.PLACEMENT)
        .exclude(Exists(TimelineEntry.objects.filter(corrects=OuterRef("pk"))))
        .order_by("-occurred_at", "-pk")
        .select_related("cell")
        .first()
    )


# --- Movements ------------------------------------------------------------------------------


def take_out(*, record, actor, occurred_at, details=None, recorded_at=None):
    """Take the detainee out of the cell (interview, investigative action, court, hospital…).

    Only from a cell: a detainee never placed has no cell to leave (the placement comes first).
    One exit at a time: a second is refused until the return is recorded, so every exit is
    matched by a return with the detainee's condition (CPT/Inf(2002)15 §40). The exit stays the
    record's open movement until then.
    """
    details = dict(details or {})
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        recorded_at = _recorded(recorded_at)
        _admit(record, actor, EntryKind.MOVEMENT_OUT, occurred_at, recorded_at)
        if record.open_movement_id:
            raise ValidationError(_("The detainee is already out of the cell; record their return first."))
        if record.current_cell_id is None:
            raise ValidationError(_("The detainee has not been placed in a cell yet; record the placement first."))
        entry = _append(
            record,
            kind=EntryKind.MOVEMENT_OUT,
            actor=actor,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            details=details,
        )
        record.open_movement = entry
        record.save(update_fields=["open_movement"])
        seal(facility=record.facility_id, entries=[entry])
    return entry


def bring_back(*, record, actor, occurred_at, details=None, recorded_at=None):
    """Bring the detainee back to the cell, with their condition and any complaints on return.

    Closes the open exit, which the return points at (`related`); refused when the detainee is
    not out, or dated before they were taken out.
    """
    details = dict(details or {})
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        recorded_at = _recorded(recorded_at)
        _admit(record, actor, EntryKind.MOVEMENT_RETURN, occurred_at, recorded_at)
        if not record.open_movement_id:
            raise ValidationError(_("The detainee is not out of the cell."))
        if occurred_at < record.open_movement.occurred_at:
            raise ValidationError({"occurred_at": _("The return cannot be before the detainee was taken out.")})
        entry = _append(
            record,
            kind=EntryKind.MOVEMENT_RETURN,
            actor=actor,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            details=details,
            related=record.open_movement,
        )
        record.open_movement = None
        record.save(update_fields=["open_movement"])
        seal(facility=record.facility_id, entries=[entry])
    return entry


def _correcting_exit(record, entry, *, actor, cell, details):
    """A corrected exit the detainee has not come back from stays the open movement."""
    return _reopen_movement if record.open_movement_id == entry.pk else None


def _reopen_movement(record, correction):
    record.open_movement = correction
    record.save(update_fields=["open_movement"])


# --- Risk and medical care ------------------------------------------------------------------


def review_risk(*, record, actor, occurred_at, details=None, recorded_at=None):
    """Re-assess the detainee's risk: the observation level and intoxication hold from now on.

    The checks owed follow the new level at once (PACE Code C Annex H: every 30 minutes and
    roused when intoxicated or at level 2, more often at levels 3 and 4), as the obligations
    read them from the record.
    """
    details = dict(details or {})
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        recorded_at = _recorded(recorded_at)
        _admit(record, actor, EntryKind.RISK_REVIEW, occurred_at, recorded_at)
        entry = _append(
            record,
            kind=EntryKind.RISK_REVIEW,
            actor=actor,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            details=details,
        )
        record.observation_level = details["observation_level"]
        record.is_intoxicated = bool(details.get("intoxicated"))
        record.save(update_fields=["observation_level", "is_intoxicated"])
        seal(facility=record.facility_id, entries=[entry])
    return entry


def request_medical_exam(*, record, actor, occurred_at, details=None, interview=None, recorded_at=None):
    """Ask for a medical examination: from then on the medic owes the detainee one.

    The norm `medical-on-request` (CPC art. 206 part 6; CPT/Inf(2002)15 §38) makes the
    examination due within two hours of the request. A request made at an inspector's
    interview points at it (`related`).
    """
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        entry = _request_exam(
            record, actor, occurred_at, dict(details or {}), _recorded(recorded_at), interview=interview
        )
        seal(facility=record.facility_id, entries=[entry])
    return entry


def _request_exam(record, actor, occurred_at, details, recorded_at, *, interview=None):
    """`request_medical_exam` on a record already locked, for a write that seals it with its own entry."""
    _admit(record, actor, EntryKind.MEDICAL_REQUEST, occurred_at, recorded_at)
    return _append(
        record,
        kind=EntryKind.MEDICAL_REQUEST,
        actor=actor,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        details=details,
        related=interview,
    )


def interview_detainee(*, record, actor, occurred_at, details=None, recorded_at=None):
    """Record the inspector's interview with the detainee, held in private.

    Not held in private, it is refused (a note records it instead). Injuries, ill-treatment or a
    request for a doctor reported at it become a medical request at once, written by
    `request_medical_exam`'s steps under the same lock and seal, linked to the interview, so the
    medic is owed an examination.
    """
    details = dict(details or {})
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        recorded_at = _recorded(recorded_at)
        _admit(record, actor, EntryKind.INTERVIEW_DETAINEE, occurred_at, recorded_at)
        _check_in_private(record, details)
        interview = _append(
            record,
            kind=EntryKind.INTERVIEW_DETAINEE,
            actor=actor,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            details=details,
        )
        written = [interview]
        reason = _examination_asked_for(details)
        if reason:
            written.append(
                _request_exam(record, actor, occurred_at, {"reason": reason}, recorded_at, interview=interview)
            )
        seal(facility=record.facility_id, entries=written)
    return interview


def _examination_asked_for(details):
    """Why the interview calls for a medical examination, or None."""
    if not (details.get("injuries_reported") or details.get("request_medical") or details.get("treatment_complaints")):
        return None
    return (
        details.get("injuries_description")
        or details.get("treatment_complaints")
        or _("Requested at the inspector's interview.")
    )


# --- Inspections ----------------------------------------------------------------------------


def note_review_signed(*, record, actor, occurred_at, counts):
    """Note on the timeline that an inspector signed off a review of this record, with the answers counted.

    A step of `inspections.services.sign_review`'s write, not a write of its own: the caller
    holds the transaction (and the review's lock) and seals this entry with the signed review.
    Allowed after release; no rule of the record's state bears on it, so the record is not locked.
    """
    if current_write() is None:
        raise RuntimeError("note_review_signed runs inside the signing write, which seals its entry.")
    recorded_at = _recorded(None)
    _admit(record, actor, EntryKind.REVIEW_SIGNED, occurred_at, recorded_at)
    return _append(
        record,
        kind=EntryKind.REVIEW_SIGNED,
        actor=actor,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        details=dict(counts),
    )


def _changes_nothing(record, entry, *, actor, cell, details):
    return None


@dataclass(frozen=True)
class Transition:
    """A kind of entry that changes the record: the service that writes it, and what correcting one does."""

    service: Callable
    # Given the locked record, checks a correction of `entry` before it is written and returns
    # what then to change on the record, `(record, correction)`, or None.
    corrected: Callable = _changes_nothing


# The one table generic code (the entry page through `add_entry`, `correct_entry`) reads to
# find the service of a kind; every other hand-recorded kind is append-only.
TRANSITIONS = {
    EntryKind.PLACEMENT: Transition(place_in_cell, corrected=_correcting_placement),
    EntryKind.MOVEMENT_OUT: Transition(take_out, corrected=_correcting_exit),
    EntryKind.MOVEMENT_RETURN: Transition(bring_back),
    EntryKind.RISK_REVIEW: Transition(review_risk),
    EntryKind.MEDICAL_REQUEST: Transition(request_medical_exam),
    EntryKind.INTERVIEW_DETAINEE: Transition(interview_detainee),
}


# --- Corrections ----------------------------------------------------------------------------


def correct_entry(*, entry, actor, occurred_at, details, reason, cell=None, recorded_at=None):
    """Write a correction: a new entry of the same kind pointing at the old one, with a reason.

    Only the latest version of an entry can be corrected, so the chain of corrections stays a
    line. What a correction changes on the record is its kind's (`Transition.corrected`): a
    corrected placement moves the detainee only if it was the current one; a corrected exit
    they are still out on stays the open movement.
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
        _authorise(actor, allowed=access.may_record(actor, spec))
        if TimelineEntry.objects.filter(corrects=entry).exists():
            raise ValidationError(_("This entry was already corrected; correct the latest version instead."))
        recorded_at = _recorded(recorded_at)
        _check_dates(record, spec, occurred_at, recorded_at)
        _DETAIL_RULES.get(entry.kind, _any_details)(record, details)
        corrected = TRANSITIONS[entry.kind].corrected if entry.kind in TRANSITIONS else _changes_nothing
        then = corrected(record, entry, actor=actor, cell=cell, details=details)
        correction = _append(
            record,
            kind=entry.kind,
            actor=actor,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            details=details,
            cell=cell,
            related=entry.related,
            corrects=entry,
            correction_reason=reason,
        )
        if then:
            then(record, correction)
        if not record.is_open:
            summaries.refresh(record)
        seal(facility=record.facility_id, entries=[correction])
    return correction


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


def _check_property_returned(details):
    """Property not all returned at release is accounted for: what was kept, and why."""
    if details.get("property") == PropertyReturn.PARTLY and not (details.get("note") or "").strip():
        raise ValidationError({"note": _("Say what was not returned and why.")})


def release(*, record, actor, occurred_at, details, recorded_at=None):
    """Close a record: released to freedom or transferred to an institution outside the system. Frees the cell place.

    A transfer to another facility of the system is `transfer_out`, which leaves the custody open.
    """
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        entry = _close(record, actor, occurred_at, details, recorded_at)
        seal(facility=record.facility_id, entries=[entry])
    return record


def transfer_out(*, record, actor, occurred_at, to_facility, details, bags=(), recorded_at=None):
    """Hand the detainee over to another facility of the system: close this record, expect them there.

    Writes the release entry (outcome transferred, property handed over with the detainee) and a
    pending `Transfer` naming the receiving facility and the sealed bags sent (`bags`: bag numbers
    of the record's searches); the receiving desk accepts it (`accept_transfer`) and the custody goes
    on there on the same clock. Any facility may receive: the sender needs no scope over it.
    """
    details = {
        **details,
        "outcome": ReleaseOutcome.TRANSFERRED,
        "destination": Destination.OTHER_FACILITY,
        "destination_detail": str(to_facility),
        "property": PropertyReturn.HANDED_OVER,
        "bags_sent": ", ".join(bags),
    }
    with transaction.atomic(), acting_as(actor):
        record = _locked(record, actor)
        if to_facility.pk == record.facility_id:
            raise ValidationError({"to_facility": _("The detainee is already in this facility.")})
        sent = _bags_of(record, bags)
        entry = _close(record, actor, occurred_at, details, recorded_at)
        Transfer.objects.create(
            from_record=record, to_facility=to_facility, departed_at=occurred_at, sent_by=actor, bags=sent
        )
        seal(facility=record.facility_id, entries=[entry])
    return record


def _bags_of(record, numbers):
    """The sealed bags sent, each with the items the searches put in it; a bag no search sealed is refused."""
    items = {}
    for search in _effective(record, [EntryKind.SEARCH]):
        for item in search.details.get("items", []):
            if item.get("bag_number"):
                items.setdefault(item["bag_number"], []).append(f"{item['description']} × {item['quantity']}")
    unknown = [n for n in numbers if n not in items]
    if unknown:
        raise ValidationError(
            {"bags_sent": _("No search of this record sealed bag %(bag)s.") % {"bag": ", ".join(unknown)}}
        )
    return [{"bag_number": n, "items": items[n]} for n in dict.fromkeys(numbers)]


def _close(record, actor, occurred_at, details, recorded_at):
    """Release's steps on a locked record: check, write the release entry, close, summarise."""
    new_status = Status.TRANSFERRED if details.get("outcome") == ReleaseOutcome.TRANSFERRED else Status.RELEASED
    _authorise(actor, allowed=access.may_release(actor))
    _check_transfer(details)
    _check_property_returned(details)
    if not record.can_become(new_status):
        raise ValidationError(
            _("A record that is %(status)s cannot be closed again.") % {"status": record.get_status_display()}
        )
    recorded_at = _recorded(recorded_at)
    if occurred_at > recorded_at:
        raise ValidationError({"occurred_at": _("The release cannot be dated in the future.")})
    if occurred_at < record.arrived_at:
        raise ValidationError({"occurred_at": _("The release cannot be before the arrival at the facility.")})
    last = _effective(record, EntryKind.values).order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    if last and occurred_at < last:
        raise ValidationError(
            {
                "occurred_at": _("The release cannot be before the last entry on the timeline (%(time)s).")
                % {"time": timezone.localtime(last).strftime("%d.%m.%Y %H:%M")}
            }
        )
    entry = _append(
        record,
        kind=EntryKind.RELEASE,
        actor=actor,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        details=details,
        cell=record.current_cell,
    )
    record.status = new_status
    record.closed_at = occurred_at
    record.current_cell = None
    record.open_movement = None
    record.save(update_fields=["status", "closed_at", "current_cell", "open_movement"])
    # The statistics keep a summary of each closed record, written with what closes or changes it.
    summaries.refresh(record)
    return entry


# Copied from the sending record: the detention itself, which a change of facility does not change.
CARRIED_OVER = (
    "person",
    "legal_basis",
    "case_number",
    "grounds",
    "detaining_officer",
    "detaining_unit",
    "detention_place",
    "detained_at",
    "has_disability",
    "has_mental_health_condition",
    "is_intoxicated",
    "is_pregnant",
    "martial_law",
    "extended_administrative",
    "risk_notes",
    "observation_level",
)


def accept_transfer(
    *, transfer, actor, arrived_at, condition, bags_checked=(), bags_note="", notes="", facility=None, recorded_at=None
):
    """Receive a transferred detainee: open this facility's record of the same custody.

    The new record continues the sending one (`transferred_from`, `custody_root`): the moment of
    actual detention, legal basis, case, risk, observation level and vulnerabilities are copied
    unchanged, so the legal clock (CPC arts. 209, 211) runs on; care duties start at arrival here.
    The intake entry records the handover: from where, who received, condition, and the sealed
    bags that arrived (`bags_checked`) against those sent; a bag missing or broken is named in
    `bags_note`. Refused: arrival before departure, a transfer already accepted, acceptance at
    another facility than the destination, a person already in custody elsewhere.
    """
    bags_checked = list(bags_checked)
    with transaction.atomic(), acting_as(actor):
        rows = Transfer.objects.select_for_update(of=("self",)).select_related(
            "from_record", "from_record__facility", "from_record__person", "to_facility"
        )
        transfer = rows.get(pk=transfer.pk)
        destination = transfer.to_facility
        access.require(access.may_book_in(actor) and access.may_write(actor) and access.in_scope(actor, destination.pk))
        if facility is not None and facility.pk != destination.pk:
            raise ValidationError(_("This transfer goes to %(facility)s, not here.") % {"facility": destination})
        if not transfer.is_pending:
            raise ValidationError(_("This transfer was already accepted."))
        now = _recorded(recorded_at)
        if arrived_at > now:
            raise ValidationError({"arrived_at": _("The arrival time cannot be in the future.")})
        if arrived_at < transfer.departed_at:
            raise ValidationError(
                {"arrived_at": _("The arrival cannot be before the departure from the other facility.")}
            )
        sent = [bag["bag_number"] for bag in transfer.bags]
        unknown = set(bags_checked) - set(sent)
        if unknown:
            raise ValidationError(
                {"bags_checked": _("These bags were not sent: %(bags)s.") % {"bags": ", ".join(sorted(unknown))}}
            )
        missing = [n for n in sent if n not in bags_checked]
        if missing and not (bags_note or "").strip():
            raise ValidationError(
                {
                    "bags_note": _("Say what is wrong with bag %(bags)s (missing, seal broken).")
                    % {"bags": ", ".join(missing)}
                }
            )
        sender = transfer.from_record
        _refuse_if_in_custody(sender.person)
        record = CustodyRecord(
            facility=destination,
            arrived_at=arrived_at,
            booked_by=actor,
            transferred_from=sender,
            custody_root_id=sender.custody_root_id or sender.pk,
            **{name: getattr(sender, name) for name in CARRIED_OVER},
        )
        record.number = _next_record_number(destination, arrived_at)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            raise ValidationError(_("This person already has an open custody record.")) from None
        intake = _append(
            record,
            kind=EntryKind.INTAKE,
            actor=actor,
            occurred_at=arrived_at,
            recorded_at=now,
            details={
                "arrived_at": arrived_at.isoformat(),
                "detained_at": record.detained_at.isoformat(),
                "from_facility": str(sender.facility),
                "from_record": sender.number,
                "received_by": actor.get_full_name() or actor.get_username(),
                "condition": condition,
                # Each bag with its contents, so the receiving record lists the property it holds.
                "bags_sent": "; ".join(f"{bag['bag_number']}: {', '.join(bag['items'])}" for bag in transfer.bags),
                "bags_arrived": ", ".join(n for n in sent if n in bags_checked),
                "bags_note": bags_note,
                "note": notes,
            },
        )
        transfer.status = TransferStatus.ACCEPTED
        transfer.accepted_record = record
        transfer.accepted_at = arrived_at
        transfer.received_by = actor
        transfer.save(update_fields=["status", "accepted_record", "accepted_at", "received_by"])
        seal(facility=destination, entries=[intake])
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
                entries.append(_add(record, actor, kind, occurred_at, dict(details), None, recorded_at))
            except ValidationError as error:
                raise ValidationError(
                    _("%(number)s: %(error)s") % {"number": record.number, "error": " ".join(error.messages)}
                ) from None
        # One seal for the round: the facility's log head is taken once, after every record.
        seal(facility=facility, entries=entries)
    return entries
