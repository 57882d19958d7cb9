"""Facilities in the user's scope and the occupancy of their cells."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from custody.lib import access
from detainees.models import CustodyRecord, Status

from .models import Cell


@require_safe
def facility_list(request):
    access.require(access.may_read_records(request.user))
    facilities = (
        access.facilities(request.user)
        .select_related("region")
        .annotate(
            cells_count=Count("cells", distinct=True),
            in_custody=Count("records", filter=Q(records__status=Status.IN_CUSTODY), distinct=True),
        )
    )
    return render(request, "facilities/facility_list.html", {"facilities": facilities})


@require_safe
def facility_detail(request, pk):
    access.require(access.may_read_records(request.user))
    facility = get_object_or_404(access.facilities(request.user).select_related("region"), pk=pk)
    occupants = CustodyRecord.objects.in_custody().select_related("person").order_by("person__surname")
    cells = (
        Cell.objects.filter(facility=facility)
        .annotate(occupied=Count("occupants", filter=Q(occupants__status=Status.IN_CUSTODY)))
        .prefetch_related(Prefetch("occupants", queryset=occupants, to_attr="current_occupants"))
    )
    unplaced = (
        CustodyRecord.objects.in_custody().filter(facility=facility, current_cell__isnull=True).select_related("person")
    )
    cells = list(cells)
    in_service = [c for c in cells if c.in_service]
    places = sum(c.capacity for c in in_service)
    occupied = sum(c.occupied for c in cells)
    return render(
        request,
        "facilities/facility_detail.html",
        {
            "facility": facility,
            "cells": cells,
            "unplaced": unplaced,
            "summary": {
                "places": places,
                "occupied": occupied,
                "free": max(places - occupied, 0),
                "out_of_service": len(cells) - len(in_service),
            },
        },
    )
