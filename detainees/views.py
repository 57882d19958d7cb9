"""Custody record pages: thin views over access helpers, forms and services."""

import json
from datetime import datetime
from functools import partial

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from custody.lib import access
from custody.lib.forms import apply_errors
from custody.submits.once import Once
from integrity import evidence
from oversight.models import AccessKind
from oversight.readlog import selectors as readlog_selectors
from oversight.readlog import services as readlog

from . import history, obligations, selectors, services
from .forms import (
    AcceptTransferForm,
    CheckRoundForm,
    CorrectionReasonForm,
    MealRoundForm,
    PersonForm,
    PropertyFormSet,
    RecordForm,
    ReleaseForm,
)
from .kinds import correctable_kinds, menu_for
from .models import CustodyRecord, EntryKind, Status, Transfer


@require_safe
def record_list(request):
    access.require(access.may_read_records(request.user))
    facilities = access.facilities(request.user)
    status = request.GET.get("status", Status.IN_CUSTODY)
    if status not in Status.values and status != "":
        status = Status.IN_CUSTODY
    facility = (
        facilities.filter(pk=request.GET.get("facility")).first()
        if request.GET.get("facility", "").isdecimal()
        else None
    )
    records = selectors.record_list(
        request.user, query=request.GET.get("q", "")[:100], status=status, facility=facility
    )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "detainees/record_list.html",
        {
            "page": page,
            "facilities": facilities,
            "status": status,
            "statuses": Status.choices,
            "facility": facility,
            "q": request.GET.get("q", "")[:100],
        },
    )


@require_http_methods(["GET", "POST"])
def record_create(request):
    access.require(access.may_book_in(request.user))
    facilities = access.facilities(request.user)
    once = Once(request)
    person_form = PersonForm(request.POST or None, prefix="person")
    record_form = RecordForm(request.POST or None, prefix="record", facilities=facilities)
    offered = None
    if request.method == "POST" and person_form.is_valid():
        offered = _continuing_custody(request, person_form, record_form)
    if request.method == "POST" and offered is None and person_form.is_valid() and record_form.is_valid():
        try:
            done = once.run(
                partial(
                    services.book_in,
                    actor=request.user,
                    person_data=person_form.cleaned_data,
                    record_data=record_form.record_data(),
                ),
                url=CustodyRecord.get_absolute_url,
            )
        except ValidationError as error:
            apply_errors(error, record_form, person_form)
        else:
            if not done.repeat:
                record = done.result
                messages.success(
                    request,
                    _("%(name)s booked in: record %(number)s.")
                    % {"name": record.person.full_name, "number": record.number},
                )
                if record.person.records.count() > 1:
                    messages.info(
                        request,
                        _(
                            "This person was detained before: the earlier records are linked below. The identity "
                            "details on file were kept; add a note if any of them has changed."
                        ),
                    )
            return redirect(done.url)
    return render(
        request,
        "detainees/record_form.html",
        {
            "person_form": person_form,
            "record_form": record_form,
            "forms": [person_form, record_form],
            "once": once,
            "offered_transfer": offered,
            "earlier": getattr(record_form, "earlier", None),
        },
    )


def _continuing_custody(request, person_form, record_form):
    """Is the person entered already in a custody this booking would restart the clock of?

    A pending transfer to a facility of this desk: returned, to be accepted instead (nothing is
    booked). A record closed at another facility within the norm's window: the record form then
    asks for confirmation that this is a new detention.
    """
    try:
        person = services.find_person(**person_form.cleaned_data)
    except ValidationError:
        return None  # book_in names the conflict on the field
    if person is None:
        return None
    pending = selectors.pending_transfer_of(person)
    if pending and access.in_scope(request.user, pending.to_facility_id):
        return pending
    facility = record_form["facility"].value()
    chosen = access.facilities(request.user).filter(pk=facility).first() if str(facility).isdecimal() else None
    earlier = selectors.recent_departure(person, chosen, timezone.now()) if chosen else None
    if earlier is not None:
        record_form.confirm_new_detention(earlier)
    return None


@require_safe
def record_detail(request, pk):
    record = access.get_record_for_viewer(request.user, pk)
    entries = list(record.entries.for_timeline())
    readlog.log_record_view(request, record, entries)
    shows = access.may_see_name(request.user, record)
    owed, norms = selectors.record_obligations(record, entries, timezone.now())
    return render(
        request,
        "detainees/record_detail.html",
        {
            "record": record,
            "timeline": selectors.timeline(record, entries, norms=norms, redact=not shows),
            "obligations": owed,
            "next_limit": obligations.next_time_limit(owed),
            "now": timezone.now(),
            "menu": menu_for(request.user, record),
            "correctable_kinds": correctable_kinds(request.user),
            "show_identity": shows,
            "named_access": access.named_access(request.user).get(record.facility_id),
            "can_release": record.is_open and access.may_release(request.user),
            "can_see_history": access.may_see_history(request.user),
            "previous_records": access.records(
                request.user, record.person.records.exclude(pk=record.pk)
            ).select_related("facility")
            if access.may_see_names(request.user)
            else [],
            "viewers": readlog_selectors.viewers(record) if access.may_see_read_log(request.user) else None,
            "transferred_from": record.transferred_from,
            "transferred_from_visible": record.transferred_from_id is not None
            and access.records(request.user).filter(pk=record.transferred_from_id).exists(),
            "transfer_out": _transfer_of(record),
        },
    )


def _transfer_of(record):
    """The handover this record was closed by, if it was transferred within the system."""
    if record.status != Status.TRANSFERRED:
        return None
    transfer = Transfer.objects.filter(from_record=record).select_related("to_facility", "accepted_record").first()
    if transfer is not None and transfer.is_pending:
        # Until the receiving desk accepts, the arrival is this facility's obligation.
        norms = selectors.norms_by_profile([record.facility.norm_profile_id])[record.facility.norm_profile_id]
        transfer.obligation = obligations.transit(transfer, norms, timezone.now())
    return transfer


@require_http_methods(["GET", "POST"])
def entry_create(request, pk, kind):
    record, spec = access.get_record_for_entry(request.user, pk, kind)
    # A GET may prefill fields, e.g. the board's "notify the legal aid centre" link.
    initial = request.GET.dict() if request.method == "GET" else None
    once = Once(request)
    form = spec.form(request.POST or None, record=record, user=request.user, initial=initial)
    items = PropertyFormSet(request.POST or None, prefix="items") if spec.has_items else None
    if request.method == "POST" and form.is_valid() and (items is None or items.is_valid()):
        details = form.details()
        if items is not None:
            details["items"] = items.items()
        try:
            done = once.run(
                partial(
                    services.add_entry,
                    record=record,
                    actor=request.user,
                    kind=spec.kind,
                    occurred_at=form.cleaned_data["occurred_at"],
                    details=details,
                    cell=form.cleaned_data.get("cell"),
                ),
                url=record.get_absolute_url(),
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            if not done.repeat:
                messages.success(request, _("Recorded: %(kind)s.") % {"kind": spec.label})
            return redirect(done.url)
    return render(
        request,
        "detainees/entry_form.html",
        {
            "record": record,
            "spec": spec,
            "form": form,
            "items": items,
            "once": once,
        },
    )


@require_http_methods(["GET", "POST"])
def entry_correct(request, pk):
    entry, spec = access.get_entry_for_correction(request.user, pk)
    record = access.get_record_for_viewer(request.user, entry.record_id)
    if request.method == "GET":  # the form shows the entry as written: a read like any other
        readlog.log_record_view(request, record, [entry])
    initial = {**entry.details, "occurred_at": entry.occurred_at, "cell": entry.cell}
    for name, field in spec.form.base_fields.items():
        if isinstance(field, forms.DateTimeField) and isinstance(initial.get(name), str):
            initial[name] = timezone.localtime(datetime.fromisoformat(initial[name]))
    once = Once(request)
    form = spec.form(request.POST or None, record=record, user=request.user, initial=initial, corrects=entry)
    reason_form = CorrectionReasonForm(request.POST or None)
    items = None
    if spec.has_items:
        items = PropertyFormSet(request.POST or None, prefix="items", initial=entry.details.get("items", []))
    valid = form.is_valid() & reason_form.is_valid() & (items is None or items.is_valid())
    if request.method == "POST" and valid:
        details = form.details()
        if items is not None:
            details["items"] = items.items()
        try:
            done = once.run(
                partial(
                    services.correct_entry,
                    entry=entry,
                    actor=request.user,
                    occurred_at=form.cleaned_data["occurred_at"],
                    details=details,
                    cell=form.cleaned_data.get("cell"),
                    reason=reason_form.cleaned_data["correction_reason"],
                ),
                url=record.get_absolute_url(),
            )
        except ValidationError as error:
            apply_errors(error, form, reason_form)
        else:
            if not done.repeat:
                messages.success(request, _("Correction recorded; the original entry stays on the record."))
            return redirect(done.url)
    return render(
        request,
        "detainees/entry_form.html",
        {
            "record": record,
            "spec": spec,
            "form": form,
            "items": items,
            "reason_form": reason_form,
            "once": once,
            "corrected": entry,
            "original": selectors.describe(entry),
        },
    )


@require_http_methods(["GET", "POST"])
def record_release(request, pk):
    record = access.get_record_for_release(request.user, pk)
    once = Once(request)
    form = ReleaseForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        to_facility = form.cleaned_data.get("to_facility")
        if to_facility:
            write = partial(
                services.transfer_out,
                to_facility=to_facility,
                bags=form.bags(),
            )
        else:
            write = services.release
        try:
            done = once.run(
                partial(
                    write,
                    record=record,
                    actor=request.user,
                    occurred_at=form.cleaned_data["occurred_at"],
                    details=form.details(),
                ),
                url=record.get_absolute_url(),
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            if not done.repeat:
                if to_facility:
                    messages.success(
                        request,
                        _("Record %(number)s closed: %(facility)s now expects the detainee.")
                        % {"number": record.number, "facility": to_facility},
                    )
                else:
                    messages.success(request, _("Record %(number)s closed.") % {"number": record.number})
            return redirect(done.url)
    return render(
        request,
        "detainees/release_form.html",
        {
            "record": record,
            "form": form,
            "once": once,
        },
    )


@require_http_methods(["GET", "POST"])
def transfer_accept(request, pk):
    """The receiving desk accepts a transferred detainee: a new record of the same custody."""
    transfer = access.get_transfer_for_acceptance(request.user, pk)
    once = Once(request)
    form = AcceptTransferForm(request.POST or None, transfer=transfer)
    if request.method == "POST" and form.is_valid():
        try:
            done = once.run(
                partial(
                    services.accept_transfer,
                    transfer=transfer,
                    actor=request.user,
                    arrived_at=form.cleaned_data["arrived_at"],
                    condition=form.cleaned_data["condition"],
                    bags_checked=form.cleaned_data.get("bags_checked", []),
                    bags_note=form.cleaned_data["bags_note"],
                    notes=form.cleaned_data["notes"],
                ),
                url=CustodyRecord.get_absolute_url,
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            if not done.repeat:
                messages.success(
                    request,
                    _("Transfer accepted: record %(number)s continues the custody.") % {"number": done.result.number},
                )
            return redirect(done.url)
    return render(
        request,
        "detainees/transfer_accept.html",
        {
            "transfer": transfer,
            "form": form,
            "once": once,
            "show_identity": access.may_see_names(request.user),
        },
    )


@require_safe
def record_history(request, pk):
    """Field-level history from django-auditlog: the record, its person and its entries."""
    record = access.get_record_for_viewer(request.user, pk)
    access.require(access.may_see_history(request.user))
    shows = access.may_see_name(request.user, record)
    page = Paginator(history.of_record(record, shows_person=shows), 100).get_page(request.GET.get("page"))
    readlog.log(request, AccessKind.HISTORY, record=record)
    page.object_list = history.readable(page.object_list, redact=not shows)
    return render(
        request,
        "detainees/record_history.html",
        {
            "record": record,
            "page": page,
        },
    )


@require_safe
def record_history_export(request, pk):
    """The change history as a spreadsheet for a prosecutor: oldest first, one line per field."""
    record = access.get_record_for_viewer(request.user, pk)
    access.require(access.may_see_history(request.user))
    shows = access.may_see_name(request.user, record)
    rows = history.readable(history.of_record(record, shows_person=shows).reverse(), redact=not shows)
    readlog.log(request, AccessKind.EXPORT, record=record, detail=_("change history csv"))
    response = HttpResponse("".join(history.csv_lines(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.number}-history.csv"'
    return response


# --- The live board and rounds --------------------------------------------------------------


def _chosen_facility(request, facilities):
    raw = request.GET.get("facility") or request.POST.get("facility") or ""
    return facilities.filter(pk=raw).first() if raw.isdecimal() else None


@require_safe
def board(request):
    """Everyone in custody and what they are owed; the rows refresh themselves (htmx)."""
    access.require(access.may_read_records(request.user))
    facilities = access.facilities(request.user).order_by("name")
    facility = _chosen_facility(request, facilities)
    now = timezone.now()
    rows = selectors.board([facility] if facility else facilities, now)
    context = {
        "rows": rows,
        "now": now,
        "facilities": facilities,
        "facility": facility,
        "can_record": access.may_do_rounds(request.user),
        "overdue_count": sum(len(row.overdue) for row in rows),
        "due_soon_minutes": int(obligations.DUE_SOON.total_seconds() // 60),
    }
    shown = [facility] if facility else facilities
    # Who is on the way here, and whom this desk sent who has not arrived yet.
    context["arrivals"] = selectors.transfers(shown, now, arriving=True)
    context["in_transit"] = selectors.transfers(shown, now, arriving=False)
    if request.headers.get("HX-Request"):
        return render(request, "detainees/partials/board_refresh.html", context)
    return render(request, "detainees/board.html", context)


ROUNDS = {"checks": (EntryKind.CHECK, CheckRoundForm), "meals": (EntryKind.MEAL, MealRoundForm)}


def _round_list_unchanged(request, form, facility):
    """Refuse a round whose list changed since it was opened (someone released or moved)."""
    shown = {int(pk) for pk in request.POST.getlist("shown") if pk.isdecimal()}
    # Only this facility's records: a crafted list must not reveal anyone else's number or status.
    gone = list(CustodyRecord.objects.filter(facility=facility, pk__in=shown - {r.pk for r in form.records}))
    for record in gone:
        form.add_error(
            None,
            _(
                "%(number)s is no longer in custody here (%(status)s); nothing was saved. "
                "Check the list and send the round again."
            )
            % {"number": record.number, "status": record.get_status_display()},
        )
    return not gone


@require_http_methods(["GET", "POST"])
def round_form(request, kind):
    """A check round or a meal round for a whole facility in one form, saved all or nothing."""
    if kind not in ROUNDS or not access.may_do_rounds(request.user):
        raise PermissionDenied
    entry_kind, form_class = ROUNDS[kind]
    facilities = access.facilities(request.user).order_by("name")
    facility = _chosen_facility(request, facilities) or facilities.first()
    if facility is None:
        raise PermissionDenied
    rows = sorted(
        selectors.board([facility], timezone.now()),
        key=lambda row: (row.record.current_cell.number if row.record.current_cell else "~", row.record.person.surname),
    )
    once = Once(request)
    form = form_class(request.POST or None, records=[row.record for row in rows])
    if request.method == "POST" and form.is_valid() and _round_list_unchanged(request, form, facility):
        try:
            done = once.run(
                partial(
                    services.record_round,
                    actor=request.user,
                    facility=facility,
                    kind=entry_kind,
                    occurred_at=form.cleaned_data["occurred_at"],
                    rows=form.chosen(),
                ),
                url=f"{reverse('detainees:board')}?facility={facility.pk}",
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            if not done.repeat:
                messages.success(request, _("Round recorded for %(count)s people.") % {"count": len(done.result)})
            return redirect(done.url)
    for row in rows:  # what this round answers: the next check, or today's meals
        row.record.round_obligation = next((o for o in row.obligations if o.action_kind == entry_kind), None)
    return render(
        request,
        "detainees/round_form.html",
        {
            "form": form,
            "once": once,
            "kind": kind,
            "facility": facility,
            "facilities": facilities,
            "now": timezone.now(),
        },
    )


# --- Printing -------------------------------------------------------------------------------


@require_safe
def record_print(request, pk):
    """The whole record on A4, for a court or the receiving facility, with the proof of each entry.

    Each entry shows its leaf in the facility's log; the appendix gives the signed tree head
    (also as a QR code) and every entry's inclusion proof, which the offline verifier checks.
    A pseudonymised print carries none: a leaf hash would let a reader confirm a guess at the
    text withheld from them.
    """
    record = access.get_record_for_viewer(request.user, pk)
    entries = list(record.entries.for_timeline())
    shows = access.may_see_name(request.user, record)
    # The history rides on the print for those who may read it, the same rows as its own page.
    changes = None
    if access.may_see_history(request.user):
        rows = history.of_record(record, shows_person=shows, entry_ids=[e.pk for e in entries]).reverse()
        changes = history.readable(rows, redact=not shows)
    readlog.log(request, AccessKind.PRINT, record=record, detail=_("with the change history") if changes else "")
    proof = evidence.for_record(record, entries) if shows else None
    for entry in entries:
        entry.leaf, entry.proof = proof.of(entry) if proof else (None, None)
    now = timezone.now()
    owed, norms = selectors.record_obligations(record, entries, now)
    return render(
        request,
        "detainees/record_print.html",
        {
            "record": record,
            "timeline": selectors.timeline(record, entries, norms=norms, redact=not shows),
            "obligations": owed,
            "entry_count": len(entries),
            "now": now,
            "show_identity": shows,
            "evidence": proof,
            "changes": changes,
            "head_qr": segno.make(json.dumps(proof.head_dict, separators=(",", ":")), error="m").svg_inline(
                omitsize=True
            )
            if proof and proof.head
            else "",
        },
    )
