"""The inspector's pages: work queue, record review, cell inspections, findings."""

from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Max, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custody.facilities.models import Cell
from custody.lib.forms import apply_errors
from custody.lib.permissions import require
from custody.submits.once import Once
from detainees.access import get_record_for_viewer
from detainees.models import CustodyRecord, EntryKind, Status, TimelineEntry
from oversight import readlog
from oversight.models import AccessKind, MonitoringVisit

from . import services
from .forms import CellInspectionForm, DefectFixForm, FindingForm, TextForm
from .models import Answer, Defect, Finding, FindingStatus, RecordReview

# How often each cell is inspected: a working rhythm of the inspectorate, not a legal limit.
CELL_INSPECTION_EVERY = timedelta(days=7)


@require_safe
def queue(request):
    """What the inspector should do next, most urgent first."""
    require(request.user, "inspections.review_records")
    facilities = request.user.facility_scope()
    has_interview = TimelineEntry.objects.filter(record=OuterRef("pk"), kind=EntryKind.INTERVIEW_DETAINEE)
    has_officer_interview = TimelineEntry.objects.filter(record=OuterRef("pk"), kind=EntryKind.INTERVIEW_OFFICER)
    to_interview = (
        CustodyRecord.objects.in_custody()
        .filter(facility__in=facilities)
        .annotate(detainee_done=Exists(has_interview), officer_done=Exists(has_officer_interview))
        .filter(Q(detainee_done=False) | Q(officer_done=False))
        .select_related("person", "current_cell")
        .order_by("arrived_at")
    )
    signed = RecordReview.objects.filter(record=OuterRef("pk"), signed_at__isnull=False)
    to_review = (
        CustodyRecord.objects.filter(facility__in=facilities)
        .filter(
            Q(status=Status.IN_CUSTODY, arrived_at__lte=timezone.now() - timedelta(hours=24))
            | ~Q(status=Status.IN_CUSTODY)
        )
        .exclude(Exists(signed))
        .select_related("person")
        .order_by("closed_at", "arrived_at")[:50]
    )
    findings = Finding.objects.visible_to(request.user).open().select_related("facility").order_by("created_at")[:50]
    cells = (
        Cell.objects.filter(facility__in=facilities)
        .select_related("facility")
        .annotate(last_inspected=Max("inspections__inspected_at"))
        .order_by("last_inspected")
    )
    due_cells = [
        c for c in cells if c.last_inspected is None or c.last_inspected < timezone.now() - CELL_INSPECTION_EVERY
    ]
    return render(
        request,
        "inspections/queue.html",
        {
            "to_interview": to_interview,
            "to_review": to_review,
            "findings": findings,
            "due_cells": due_cells,
        },
    )


@require_http_methods(["GET", "POST"])
def review(request, pk):
    """The checklist of one record: GET shows it, POST starts, saves or signs it off."""
    require(request.user, "inspections.review_records")
    record = get_record_for_viewer(request.user, pk)
    if request.method == "GET":
        readlog.log(request, AccessKind.RECORD, record=record, detail="review")
    current = record.reviews.filter(signed_at__isnull=True).first() or record.reviews.order_by("-signed_at").first()
    once = Once(request)
    here = reverse("inspections:review", args=[record.pk])
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                once.run(partial(services.start_review, record=record, actor=request.user), url=here)
                return redirect(here)
            if current is None:
                raise ValidationError(_("Start the review first."))
            answers = {
                item.pk: (request.POST.get(f"answer_{item.pk}", ""), request.POST.get(f"comment_{item.pk}", "")[:2000])
                for item in current.items.all()
            }
            if action == "sign":  # the last answers and the signature in one transaction, once
                done = once.run(
                    partial(_answer_and_sign, review=current, actor=request.user, answers=answers), url=here
                )
                if not done.repeat:
                    messages.success(request, _("Review signed off."))
            else:  # saving the same answers twice changes nothing: no token needed
                services.answer_review(review=current, actor=request.user, answers=answers)
                messages.success(request, _("Answers saved."))
            return redirect(here)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    items = list(current.items.all()) if current else []
    if error:  # show what was typed, not what was stored
        for item in items:
            item.answer = request.POST.get(f"answer_{item.pk}", item.answer)
            item.comment = request.POST.get(f"comment_{item.pk}", item.comment)
    return render(
        request,
        "inspections/review.html",
        {
            "record": record,
            "review": current,
            "items": items,
            "answers": Answer.choices,
            "Answer": Answer,
            "error": error,
            "once": once,
            "show_identity": request.user.has_perm("detainees.view_identity"),
        },
    )


def _answer_and_sign(*, review, actor, answers):
    services.answer_review(review=review, actor=actor, answers=answers)
    return services.sign_review(review=review, actor=actor)


@require_safe
def cells(request, facility_pk):
    require(request.user, "inspections.view_finding")
    facility = get_object_or_404(request.user.facility_scope(), pk=facility_pk)
    cell_list = (
        Cell.objects.filter(facility=facility)
        .annotate(last_inspected=Max("inspections__inspected_at"))
        .order_by("number")
    )
    defects = Defect.objects.filter(cell__facility=facility, fixed_at__isnull=True).select_related("cell", "inspection")
    return render(
        request,
        "inspections/cells.html",
        {
            "facility": facility,
            "cells": cell_list,
            "defects": defects,
            "fix_form": DefectFixForm(),
            "can_inspect": request.user.has_perm("inspections.inspect_cells"),
            "due_before": timezone.now() - CELL_INSPECTION_EVERY,
        },
    )


@require_http_methods(["GET", "POST"])
def inspect_cell(request, pk):
    require(request.user, "inspections.inspect_cells")
    cell = get_object_or_404(Cell.objects.filter(facility__in=request.user.facility_scope()), pk=pk)
    once = Once(request)
    form = CellInspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = once.run(
                partial(
                    services.inspect_cell,
                    cell=cell,
                    actor=request.user,
                    inspected_at=form.cleaned_data["inspected_at"],
                    temperature_c=form.cleaned_data["temperature_c"],
                    failed=form.failed(),
                    defects=form.defects(),
                    notes=form.cleaned_data["notes"],
                    fit=form.cleaned_data["fit"],
                    take_out_of_service=form.cleaned_data["take_out_of_service"],
                ),
                url=reverse("inspections:cells", args=[cell.facility_id]),
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            if not done.repeat:
                messages.success(request, _("Inspection of %(cell)s recorded.") % {"cell": cell})
            return redirect(done.url)
    return render(request, "inspections/cell_inspection_form.html", {"cell": cell, "form": form, "once": once})


@require_POST
def fix_defect(request, pk):
    defect = get_object_or_404(Defect.objects.filter(cell__facility__in=request.user.facility_scope()), pk=pk)
    # Refused here as in the service, so a read-only role's POST does not even claim its token.
    require(request.user, "inspections.inspect_cells", "inspections.record_remedy")
    cells_url = reverse("inspections:cells", args=[defect.cell.facility_id])
    form = DefectFixForm(request.POST)
    if form.is_valid():
        try:
            done = Once(request).run(
                partial(
                    services.fix_defect,
                    defect=defect,
                    actor=request.user,
                    note=form.cleaned_data["fix_note"],
                ),
                url=cells_url,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not done.repeat:
                messages.success(request, _("Defect marked as fixed."))
    else:
        messages.error(request, _("Say what was done."))
    return redirect(cells_url)


@require_safe
def findings(request):
    require(request.user, "inspections.view_finding")
    status = request.GET.get("status", "")
    found = Finding.objects.visible_to(request.user).select_related("facility", "record__person", "cell")
    if status in FindingStatus.values:
        found = found.filter(status=status)
    return render(
        request,
        "inspections/finding_list.html",
        {
            "findings": found[:200],
            "status": status,
            "statuses": FindingStatus.choices,
            "can_add": request.user.has_perm("inspections.add_finding"),
        },
    )


@require_http_methods(["GET", "POST"])
def finding_create(request):
    require(request.user, "inspections.add_finding")
    source = request.POST if request.method == "POST" else request.GET
    scope = request.user.facility_scope()
    record = cell = entry = visit = chosen = None
    if source.get("record", "").isdecimal():
        record = get_record_for_viewer(request.user, int(source["record"]))
    if source.get("entry", "").isdecimal() and record is not None:
        entry = get_object_or_404(record.entries, pk=int(source["entry"]))
    if source.get("cell", "").isdecimal():
        cell = get_object_or_404(Cell.objects.filter(facility__in=scope), pk=int(source["cell"]))
    if source.get("visit", "").isdecimal():  # only the monitor's own visit
        visit = get_object_or_404(
            MonitoringVisit.objects.filter(monitor=request.user, facility__in=scope), pk=int(source["visit"])
        )
    if source.get("facility", "").isdecimal():
        chosen = get_object_or_404(scope, pk=int(source["facility"]))
    facility = (
        record.facility if record else cell.facility if cell else visit.facility if visit else chosen or scope.first()
    )
    if facility is None:
        raise PermissionDenied
    once = Once(request)
    form = FindingForm(request.POST or None, initial={"description": source.get("description", "")})
    if request.method == "POST" and form.is_valid():
        try:
            done = once.run(
                partial(
                    services.record_finding,
                    actor=request.user,
                    facility=facility,
                    record=record,
                    cell=cell,
                    entry=entry,
                    visit=visit,
                    **form.cleaned_data,
                ),
                url=Finding.get_absolute_url,
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            if not done.repeat:
                messages.success(request, _("Finding recorded."))
            return redirect(done.url)
    return render(
        request,
        "inspections/finding_form.html",
        {
            "form": form,
            "once": once,
            "record": record,
            "cell": cell,
            "entry": entry,
            "visit": visit,
            "facility": facility,
            "show_identity": request.user.has_perm("detainees.view_identity"),
        },
    )


FINDING_ACTIONS = {
    "refer": (services.refer_finding, "note", "inspections.refer_finding"),
    "answer": (services.answer_finding, "text", "inspections.answer_finding"),
    "remedy": (services.record_remedy, "text", "inspections.record_remedy"),
    "close": (services.close_finding, "resolution", "inspections.add_finding"),
}


@require_safe
def finding_detail(request, pk):
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related("facility", "record__person", "cell", "visit"), pk=pk
    )
    allowed = {name for name, (_fn, _arg, perm) in FINDING_ACTIONS.items() if request.user.has_perm(perm)}
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "FindingStatus": FindingStatus,
            "events": finding.events.select_related("actor"),
            "actions": allowed,
            "text_form": TextForm(),
            "show_identity": request.user.has_perm("detainees.view_identity"),
        },
    )


@require_POST
def finding_action(request, pk, action):
    finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    if action not in FINDING_ACTIONS:
        raise PermissionDenied
    function, argument, permission = FINDING_ACTIONS[action]
    require(request.user, permission)
    form = TextForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This step needs a written text."))
        return redirect(finding)
    try:
        done = Once(request).run(
            partial(
                function,
                finding=finding,
                actor=request.user,
                **{argument: form.cleaned_data["text"]},
            ),
            url=finding.get_absolute_url(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not done.repeat:
            messages.success(request, _("Saved."))
    return redirect(finding)
