"""An entry that says the detainee did not sign, or did not get everything back, says why; the
services refuse it otherwise, whoever calls them, and write nothing."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind, PropertyReturn, ReleaseOutcome, Sex, Status, TimelineEntry


def refused(write):
    before = (TimelineEntry.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationError) as refusal:
        write()
    assert (TimelineEntry.objects.count(), LogEntry.objects.count()) == before
    return refusal.value.message_dict


def test_a_rights_notice_not_signed_says_why(booked, duty_officer):
    errors = refused(
        lambda: services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.RIGHTS,
            occurred_at=timezone.now(),
            details={"language": "українська", "written_form_signed": False, "refusal_reason": " "},
        )
    )
    assert errors == {"refusal_reason": ["Say why the detainee did not sign the written notice."]}


def test_a_property_list_not_signed_says_why(booked, duty_officer):
    errors = refused(
        lambda: services.add_entry(
            record=booked,
            actor=duty_officer,
            kind=EntryKind.SEARCH,
            occurred_at=timezone.now(),
            details={"searcher": "сержант Коваль", "searcher_sex": Sex.MALE, "detainee_signed": False, "items": []},
        )
    )
    assert errors == {"refusal_reason": ["Say why the detainee did not sign the property list."]}


def test_property_partly_returned_at_release_says_what_was_kept(booked, duty_officer):
    details = {"outcome": ReleaseOutcome.RELEASED, "property": PropertyReturn.PARTLY, "note": ""}
    errors = refused(
        lambda: services.release(record=booked, actor=duty_officer, occurred_at=timezone.now(), details=details)
    )
    assert errors == {"note": ["Say what was not returned and why."]}
    booked.refresh_from_db()
    assert booked.status == Status.IN_CUSTODY


def test_a_signed_notice_needs_no_reason(booked, duty_officer):
    entry = services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.RIGHTS,
        occurred_at=timezone.now(),
        details={"language": "українська", "written_form_signed": True},
    )
    assert entry.details["written_form_signed"] is True
