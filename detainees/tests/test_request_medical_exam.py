"""`request_medical_exam`: a request for a doctor, on its own or from the inspector's interview."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind
from integrity.models import Leaf, Log, Source

INTERVIEW = {"in_private": True, "language": "українська", "request_medical": True}


def test_a_request_is_written_and_sealed(booked, duty_officer):
    request = services.request_medical_exam(
        record=booked, actor=duty_officer, occurred_at=timezone.now(), details={"reason": "Скаржиться на біль у грудях"}
    )
    assert (request.kind, request.author, request.related) == (EntryKind.MEDICAL_REQUEST, duty_officer, None)
    assert Leaf.objects.filter(source=Source.TIMELINE, object_id=request.pk).exists()


def test_the_interview_asking_for_a_doctor_writes_the_request_linked_to_it(booked, inspector):
    log = Log.objects.get(facility=booked.facility)
    interview = services.interview_detainee(
        record=booked, actor=inspector, occurred_at=timezone.now() - timedelta(minutes=5), details=INTERVIEW
    )
    request = booked.entries.get(kind=EntryKind.MEDICAL_REQUEST)
    assert (request.related, request.author, request.occurred_at) == (interview, inspector, interview.occurred_at)
    assert request.recorded_at == interview.recorded_at
    assert request.details == {"reason": "Requested at the inspector's interview."}
    # One write: both entries sealed together, the interview first.
    leaves = Leaf.objects.filter(log=log, source=Source.TIMELINE, index__gte=log.size).order_by("index")
    assert [leaf.object_id for leaf in leaves] == [interview.pk, request.pk]


def test_an_interview_not_held_in_private_writes_neither(booked, inspector):
    with pytest.raises(ValidationError, match="held in private"):
        services.interview_detainee(
            record=booked, actor=inspector, occurred_at=timezone.now(), details={**INTERVIEW, "in_private": False}
        )
    assert not booked.entries.filter(kind__in=[EntryKind.INTERVIEW_DETAINEE, EntryKind.MEDICAL_REQUEST]).exists()


def test_a_medic_cannot_request_an_examination_of_their_own_accord(booked, medic):
    # Custody officers and inspectors ask; the medic examines.
    with pytest.raises(PermissionDenied):
        services.request_medical_exam(record=booked, actor=medic, occurred_at=timezone.now(), details={"reason": "x"})
    assert not booked.entries.filter(kind=EntryKind.MEDICAL_REQUEST).exists()
