"""Every write of the inspector's work: one function per step, explicit actor, atomic.

What an inspector writes on a custody record's timeline (interviews, a signed review) goes
through the custody services (`detainees.services`), never straight into the table.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from custody.lib import access
from custody.lib.audit import acting_as
from detainees import selectors
from detainees import services as custody
from integrity.log import seal

from . import checklist
from .models import (
    FINDING_TRANSITIONS,
    Answer,
    CellInspection,
    Criterion,
    Defect,
    EventKind,
    Finding,
    FindingEvent,
    FindingStatus,
    FindingStep,
    RecordReview,
    ReviewItem,
)

# --- Record reviews -------------------------------------------------------------------------


def start_review(*, record, actor):
    """Open the checklist for a record, prefilled from what the record shows (or the open draft)."""
    access.require(access.may_review(actor) and access.in_scope(actor, record.facility_id))
    draft = record.reviews.filter(signed_at__isnull=True).first()
    if draft:
        return draft
    entries = list(record.entries.all())
    owed, _norms = selectors.record_obligations(record, entries, timezone.now())
    norms = {o.key: o.norm for o in owed}
    try:
        with transaction.atomic(), acting_as(actor):
            review = RecordReview.objects.create(record=record, inspector=actor)
            ReviewItem.objects.bulk_create(
                [
                    ReviewItem(
                        review=review,
                        position=n,
                        key=key,
                        question=str(question)[:300],
                        citation=citation or "",
                        norm=norms.get(key),
                        suggestion=suggestion,
                        evidence=str(evidence)[:500],
                    )
                    for n, (key, question, citation, suggestion, evidence) in enumerate(
                        checklist.build(record, entries, owed)
                    )
                ]
            )
            seal(facility=record.facility_id)
    except IntegrityError:  # another inspector opened the draft a moment ago
        return record.reviews.get(signed_at__isnull=True)
    return review


def answer_review(*, review, actor, answers):
    """Save answers and comments: `answers` maps item ids to (answer, comment)."""
    if review.is_signed:
        raise ValidationError(_("This review is signed off and can no longer change."))
    access.require(access.may_answer_review(actor, review))
    with transaction.atomic(), acting_as(actor):
        for item in review.items.select_for_update():
            if item.pk in answers:
                answer, comment = answers[item.pk]
                if answer and answer not in Answer.values:
                    raise ValidationError(_("Unknown answer."))
                if answer == Answer.NON_COMPLIANT and not comment.strip():
                    raise ValidationError(
                        {"comment": _("Say what was wrong: “%(question)s”.") % {"question": item.shown_question}}
                    )
                item.answer, item.comment = answer, comment
                item.save(update_fields=["answer", "comment"])
        seal(facility=review.record.facility_id)


def sign_review(*, review, actor):
    """Sign the review off: every item answered; then it is frozen and noted on the timeline."""
    with transaction.atomic(), acting_as(actor):
        review = RecordReview.objects.select_for_update().get(pk=review.pk)
        if review.is_signed:
            raise ValidationError(_("This review is already signed off."))
        access.require(access.may_answer_review(actor, review))
        unanswered = [item.shown_question for item in review.items.select_related("norm") if not item.answer]
        if unanswered:
            raise ValidationError(
                _("Answer every item before signing off. Unanswered: %(items)s.") % {"items": "; ".join(unanswered)}
            )
        now = timezone.now()
        review.signed_at = now
        review.save(update_fields=["signed_at"])
        counts = {answer: review.items.filter(answer=answer).count() for answer in Answer.values}
        entry = custody.note_review_signed(record=review.record, actor=actor, occurred_at=now, counts=counts)
        seal(facility=review.record.facility_id, entries=[entry])
    return review


# --- Cell inspections -----------------------------------------------------------------------


def inspect_cell(
    *, cell, actor, inspected_at, temperature_c, failed, defects, notes="", fit, take_out_of_service=False
):
    """Record a cell inspection; each failed criterion opens a defect until it is fixed.

    A cell found unfit may be taken out of service at once; placement then refuses it.
    """
    access.require(access.may_inspect_cells(actor) and access.in_scope(actor, cell.facility_id))
    if inspected_at > timezone.now():
        raise ValidationError({"inspected_at": _("An inspection cannot be dated in the future.")})
    unknown = set(failed) - set(Criterion.values)
    if unknown:
        raise ValidationError(_("Unknown criteria: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    missing = [Criterion(c).label for c in failed if not (defects.get(c) or "").strip()]
    if missing:
        raise ValidationError(
            {"defects": _("Describe each defect: %(names)s.") % {"names": ", ".join(map(str, missing))}}
        )
    if take_out_of_service and fit:
        raise ValidationError({"take_out_of_service": _("Only a cell found unfit is taken out of service here.")})
    with transaction.atomic(), acting_as(actor):
        inspection = CellInspection.objects.create(
            cell=cell,
            inspector=actor,
            inspected_at=inspected_at,
            temperature_c=temperature_c,
            failed=sorted(failed),
            notes=notes,
            fit=fit,
        )
        Defect.objects.bulk_create(
            [Defect(cell=cell, inspection=inspection, criterion=c, description=defects[c].strip()) for c in failed]
        )
        if take_out_of_service:
            cell.in_service = False
            cell.out_of_service_reason = _("Found unfit at inspection on %(when)s") % {
                "when": timezone.localtime(inspected_at).strftime("%d.%m.%Y")
            }
            cell.save(update_fields=["in_service", "out_of_service_reason"])
        seal(facility=cell.facility_id)
    return inspection


def fix_defect(*, defect, actor, note):
    """Mark an open defect fixed, saying what was done; a fixed defect stays fixed.

    The inspector or the facility head, within their scope; the fix is sealed like every write.
    """
    access.require(access.may_fix_defects(actor) and access.in_scope(actor, defect.cell.facility_id))
    if not defect.is_open:
        raise ValidationError(_("This defect is already fixed."))
    if not (note or "").strip():
        raise ValidationError({"fix_note": _("Say what was done.")})
    with transaction.atomic(), acting_as(actor):
        defect.fixed_at, defect.fixed_by, defect.fix_note = timezone.now(), actor, note.strip()
        defect.save(update_fields=["fixed_at", "fixed_by", "fix_note"])
        seal(facility=defect.cell.facility_id)
    return defect


# --- Findings -------------------------------------------------------------------------------


def record_finding(*, actor, facility, severity, description, record=None, cell=None, entry=None, visit=None):
    """Open a finding at `facility`, with a `CREATED` event; anything it links to must be of that facility.

    A linked visit must be the actor's own, a linked entry must belong to the linked record.
    """
    access.require(access.may_file_finding(actor) and access.in_scope(actor, facility.pk))
    for linked in (record, cell):
        if linked is not None and linked.facility_id != facility.pk:
            raise ValidationError(_("A finding links only to records and cells of its own facility."))
    if visit is not None and (visit.facility_id != facility.pk or visit.monitor_id != actor.pk):
        raise ValidationError(_("A finding links only to your own visit to its facility."))
    if entry is not None and (record is None or entry.record_id != record.pk):
        raise ValidationError(_("A linked entry must belong to the linked record."))
    if not (description or "").strip():
        raise ValidationError({"description": _("Describe the finding.")})
    with transaction.atomic(), acting_as(actor):
        finding = Finding.objects.create(
            facility=facility,
            record=record,
            cell=cell,
            entry=entry,
            visit=visit,
            severity=severity,
            description=description.strip(),
            created_by=actor,
        )
        FindingEvent.objects.create(
            finding=finding,
            kind=EventKind.CREATED,
            actor=actor,
            new_status=FindingStatus.OPEN,
            text=finding.description,
        )
        seal(facility=facility)
    return finding


def _move(finding, actor, *, to, kind, text, step, message):
    with transaction.atomic(), acting_as(actor):
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        access.require(access.may_change_finding(actor, step) and access.in_scope(actor, finding.facility_id))
        if to not in FINDING_TRANSITIONS[FindingStatus(finding.status)]:
            raise ValidationError(message % {"status": finding.get_status_display()})
        if not (text or "").strip():
            raise ValidationError({"text": _("This step needs a written text.")})
        old = finding.status
        finding.status = to
        finding.save(update_fields=["status"])
        FindingEvent.objects.create(
            finding=finding, kind=kind, actor=actor, old_status=old, new_status=to, text=text.strip()
        )
        seal(facility=finding.facility_id)
    return finding


def refer_finding(*, finding, actor, note):
    """Refer to the prosecutor of the region: the prosecutors whose scope covers the facility see it."""
    return _move(
        finding,
        actor,
        to=FindingStatus.REFERRED,
        kind=EventKind.REFERRED,
        text=note,
        step=FindingStep.REFER,
        message=_("A finding that is %(status)s cannot be referred (again)."),
    )


def answer_finding(*, finding, actor, text):
    """Record the prosecutor's answer: only a referred finding can be answered (`FINDING_TRANSITIONS`)."""
    return _move(
        finding,
        actor,
        to=FindingStatus.ANSWERED,
        kind=EventKind.ANSWERED,
        text=text,
        step=FindingStep.ANSWER,
        message=_("Only a referred finding can be answered; this one is %(status)s."),
    )


def close_finding(*, finding, actor, resolution):
    """Close with a resolution an open or answered finding; a monitor closes only their own (`access.may_close`)."""
    access.require(access.may_close(actor, finding))
    return _move(
        finding,
        actor,
        to=FindingStatus.CLOSED,
        kind=EventKind.CLOSED,
        text=resolution,
        step=FindingStep.CLOSE,
        message=_("A finding that is %(status)s cannot be closed."),
    )


def record_remedy(*, finding, actor, text):
    """The facility head's remedial action: an event, the status stays."""
    access.require(access.may_change_finding(actor, FindingStep.REMEDY) and access.in_scope(actor, finding.facility_id))
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError(_("The finding is closed."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Describe the remedial action.")})
    with transaction.atomic(), acting_as(actor):
        event = FindingEvent.objects.create(finding=finding, kind=EventKind.REMEDY, actor=actor, text=text.strip())
        seal(facility=finding.facility_id)
    return event
