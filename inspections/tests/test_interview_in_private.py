"""An interview with the detainee is held in private: the service refuses any other and writes nothing."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind, TimelineEntry


@pytest.mark.parametrize("in_private", [False, None])
def test_an_interview_not_held_in_private_is_refused_and_writes_nothing(booked, inspector, in_private):
    before = (TimelineEntry.objects.count(), LogEntry.objects.count())
    details = {"language": "українська", "injuries_reported": True, "injuries_description": "синець"}
    if in_private is not None:
        details["in_private"] = in_private
    with pytest.raises(ValidationError) as refused:
        services.add_entry(
            record=booked,
            actor=inspector,
            kind=EntryKind.INTERVIEW_DETAINEE,
            occurred_at=timezone.now(),
            details=details,
        )
    assert "in_private" in refused.value.message_dict
    assert (TimelineEntry.objects.count(), LogEntry.objects.count()) == before
