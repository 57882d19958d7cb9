"""The inspector's pages: work queue, record review, cell inspections, findings."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custody.facilities.models import Cell
from custody.lib import access
from custody.lib.forms import apply_errors
from custody.submits.once import Once
from oversight.models import AccessKind, MonitoringVisit
from oversight.readlog import services as readlog

from . import selectors, services
from .forms import CellInspectionForm, DefectFixForm, FindingForm, TextForm
from .models import Answer, Defect, Finding, FindingStatus, FindingStep
from .selectors import CELL_INSPECTION_EVERY


@require_safe
def queue(request):
    """What the inspector should do next, most urgent first."""
    access.require(access.may_review(request.user))
    facilities = access.facilities(request.user)
    now = timezone.now()
    return render(
        request,
        "inspections/queue.html",
        {
            "to_interview": selectors.records_to_interview(facilities),
            "to_review": selectors.records_to_review(facilities, now),
            "findings": selectors.open_findings(request.user),
            "due_cells": selectors.cells_due(facilities, now),
        },
    )


@require_http_methods(["GET", "POST"])
def review(request, pk):
    """The checklist of one record: GET shows it, POST starts, saves or signs it off."""
    access.require(access.may_review(request.user))
    record = access.get_record_for_viewer(request.user, pk)
    if request.method == "GET":
        readlog.log(request, AccessKind.RECORD, record=record, detail="review")
    current = selectors.current_review(record)
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
    items = list(current.items.select_related("norm")) if current else []
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
            "error": error,
            "once": once,
        },
    )


def _answer_and_sign(*, review, actor, answers):
    services.answer_review(review=review, actor=actor, answers=answers)
    return services.sign_review(review=review, actor=actor)


@require_safe
def cells(request, facility_pk):
    access.require(access.may_see_findings(request.user))
    facility = access.get_facility(request.user, facility_pk)
    return render(
        request,
        "inspections/cells.html",
        {
            "facility": facility,
            "cells": selectors.facility_cells(facility),
            "defects": selectors.open_defects(facility),
            "fix_form": DefectFixForm(),
            "can_inspect": access.may_inspect_cells(request.user),
            "due_before": timezone.now() - CELL_INSPECTION_EVERY,
        },
    )


@require_http_methods(["GET", "POST"])
def inspect_cell(request, pk):
    access.require(access.may_inspect_cells(request.user))
    cell = get_object_or_404(access.within_scope(Cell.objects, request.user), pk=pk)
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
    defect = get_object_or_404(access.within_scope(Defect.objects, request.user, via="cell__facility"), pk=pk)
    # Refused here as in the service, so a read-only role's POST does not even claim its token.
    access.require(access.may_fix_defects(request.user))
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
    access.require(access.may_see_findings(request.user))
    status = request.GET.get("status", "")
    found = selectors.finding_list(request.user, status=status)
    return render(
        request,
        "inspections/finding_list.html",
        {
            "findings": found[:200],
            "status": status,
            "statuses": FindingStatus.choices,
            "can_add": access.may_file_finding(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def finding_create(request):
    access.require(access.may_file_finding(request.user))
    source = request.POST if request.method == "POST" else request.GET
    scope = access.facilities(request.user)
    record = cell = entry = visit = chosen = None
    if source.get("record", "").isdecimal():
        record = access.get_record_for_viewer(request.user, int(source["record"]))
    if source.get("entry", "").isdecimal() and record is not None:
        entry = get_object_or_404(record.entries, pk=int(source["entry"]))
    if source.get("cell", "").isdecimal():
        cell = get_object_or_404(access.within_scope(Cell.objects, request.user), pk=int(source["cell"]))
    if source.get("visit", "").isdecimal():  # only the monitor's own visit
        visit = get_object_or_404(
            access.within_scope(MonitoringVisit.objects.filter(monitor=request.user), request.user),
            pk=int(source["visit"]),
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
        },
    )


# Each step of the workflow (`access.FINDING_STEPS`): its service and the name of its text.
FINDING_ACTIONS = {
    FindingStep.REFER: (services.refer_finding, "note"),
    FindingStep.ANSWER: (services.answer_finding, "text"),
    FindingStep.REMEDY: (services.record_remedy, "text"),
    FindingStep.CLOSE: (services.close_finding, "resolution"),
}


@require_safe
def finding_detail(request, pk):
    finding = get_object_or_404(
        access.findings(request.user).select_related("facility", "record__person", "cell", "visit"), pk=pk
    )
    allowed = {name for name in FINDING_ACTIONS if access.may_change_finding(request.user, name)}
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "events": finding.events.select_related("actor"),
            "actions": allowed,
            "text_form": TextForm(),
        },
    )


@require_POST
def finding_action(request, pk, action):
    finding = get_object_or_404(access.findings(request.user), pk=pk)
    if action not in FINDING_ACTIONS:
        raise PermissionDenied
    function, argument = FINDING_ACTIONS[action]
    access.require(access.may_change_finding(request.user, action))
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
