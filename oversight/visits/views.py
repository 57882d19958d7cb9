"""Monitoring visits: the list, logging one (monitors), and one visit with its findings."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from custody.lib import access
from custody.lib.forms import apply_errors
from custody.submits.once import Once

from ..models import MonitoringVisit
from ..readlog.identity import redact_text, viewer
from . import selectors, services
from .forms import VisitForm, VisitWhenForm


@require_safe
def visits(request):
    access.require(access.may_see_visits(request.user))
    page = Paginator(selectors.visit_list(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/visits.html",
        {
            "page": page,
            "can_log": access.may_log_visit(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def visit_create(request):
    """Step one (GET) chooses the facility and time; step two lists who and what could be seen."""
    access.require(access.may_log_visit(request.user))
    facilities = access.facilities(request.user).order_by("name")
    source = request.POST if request.method == "POST" else request.GET
    raw = source.get("facility", "")
    if raw and not (raw.isdecimal() and facilities.filter(pk=raw).exists()):
        raise Http404  # a facility outside the monitor's scope does not exist for them
    # The first step's form sends all three; a link with only ?facility= preselects the facility.
    when = VisitWhenForm(
        source if "started_at" in source else None,
        facilities=facilities,
        initial={"facility": raw or (facilities.first() if len(facilities) == 1 else None)},
    )
    if not when.is_valid():
        return render(request, "oversight/visit_form.html", {"when": when, "form": None})
    once = Once(request)
    form = VisitForm(request.POST or None, names=viewer(request.user), **when.cleaned_data)
    if request.method == "POST" and form.is_valid():
        try:
            done = once.run(
                partial(services.log_visit, actor=request.user, **when.cleaned_data, **form.cleaned_data),
                url=MonitoringVisit.get_absolute_url,
            )
        except ValidationError as error:
            apply_errors(error, form, when)
        else:
            if not done.repeat:
                messages.success(request, _("Visit logged. Record its findings from this page."))
            return redirect(done.url)
    return render(
        request,
        "oversight/visit_form.html",
        {
            "when": when,
            "form": form,
            "once": once,
            **when.cleaned_data,
        },
    )


@require_safe
def visit_detail(request, pk):
    access.require(access.may_see_visits(request.user))
    visit = get_object_or_404(access.visits(request.user).select_related("facility", "monitor"), pk=pk)
    people = visit.detainees_interviewed.select_related("person", "current_cell").order_by("arrived_at", "pk")
    findings = access.findings(request.user).filter(visit=visit).select_related("record__person", "cell")
    may_add = visit.monitor_id == request.user.pk and access.may_file_finding(request.user)
    # The summary is free text: mask whoever of the people interviewed this viewer may not name.
    summary = visit.summary
    # Anyone held there during the visit may be named in it, not only those listed as interviewed.
    present = selectors.in_custody_during(visit.facility, visit.started_at, visit.ended_at).select_related("person")
    for record in present:
        if not access.may_see_name(request.user, record):
            summary = redact_text(summary, record.person)
    return render(
        request,
        "oversight/visit_detail.html",
        {
            "visit": visit,
            "people": people,
            "cells": visit.cells_seen.order_by("number"),
            "summary": summary,
            "findings": findings.order_by("created_at", "pk"),
            "may_add_finding": may_add,
        },
    )
