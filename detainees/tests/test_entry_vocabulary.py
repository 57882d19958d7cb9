"""Details keep to the kind's vocabulary whoever writes them: a typo is refused and writes nothing."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind, NotificationResult, Status, TimelineEntry
from integrity.models import Leaf


def written():
    return TimelineEntry.objects.count(), LogEntry.objects.count(), Leaf.objects.count()


def test_a_release_whose_outcome_is_misspelt_is_refused_not_taken_for_a_release(booked, duty_officer):
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.release(
            record=booked, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "transfered"}
        )
    assert "transfered" in refused.value.message_dict["outcome"][0]
    assert written() == before
    booked.refresh_from_db()
    assert booked.status == Status.IN_CUSTODY


def test_a_notification_with_an_unknown_result_is_refused(booked, duty_officer):
    before = written()
    details = {"recipient": "relative", "method": "phone", "result": "deliverd", "contact": "+380501234567"}
    with pytest.raises(ValidationError) as refused:
        services.add_entry(
            record=booked, actor=duty_officer, kind=EntryKind.NOTIFICATION, occurred_at=timezone.now(), details=details
        )
    assert set(refused.value.message_dict) == {"result"}
    assert written() == before


def test_a_list_of_body_regions_may_name_only_known_regions(booked, medic):
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.add_entry(
            record=booked,
            actor=medic,
            kind=EntryKind.INJURY,
            occurred_at=timezone.now(),
            details={"body_regions": ["head", "head_front"], "description": "садна"},
        )
    assert "head_front" in refused.value.message_dict["body_regions"][0]
    assert written() == before


def test_known_values_are_written(booked, duty_officer):
    details = {"recipient": "relative", "method": "phone", "result": NotificationResult.values[0], "contact": "+3805"}
    entry = services.add_entry(
        record=booked, actor=duty_officer, kind=EntryKind.NOTIFICATION, occurred_at=timezone.now(), details=details
    )
    assert entry.details["result"] == NotificationResult.values[0]
