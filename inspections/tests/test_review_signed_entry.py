"""Signing a review off notes it on the timeline through the custody services' append function, sealed."""

from unittest import mock

import pytest
from django.utils import timezone

from detainees import services as custody
from detainees.models import EntryKind
from inspections import services
from inspections.models import Answer
from integrity.models import Leaf, Source


def signed(record, inspector):
    review = services.start_review(record=record, actor=inspector)
    services.answer_review(
        review=review, actor=inspector, answers={item.pk: (Answer.COMPLIANT, "") for item in review.items.all()}
    )
    with mock.patch.object(custody, "_append", wraps=custody._append) as append:
        services.sign_review(review=review, actor=inspector)
    return review, append


def test_the_signed_review_entry_is_written_by_the_append_function_and_sealed(booked, inspector):
    review, append = signed(booked, inspector)
    entry = booked.entries.get(kind=EntryKind.REVIEW_SIGNED)
    append.assert_called_once()
    assert append.call_args.kwargs["kind"] == EntryKind.REVIEW_SIGNED
    assert (entry.author, entry.details[Answer.COMPLIANT]) == (inspector, review.items.count())
    assert Leaf.objects.filter(source=Source.TIMELINE, object_id=entry.pk).exists()


def test_a_review_of_a_released_record_is_still_noted_on_its_timeline(booked, duty_officer, inspector):
    review = services.start_review(record=booked, actor=inspector)
    custody.release(
        record=booked,
        actor=duty_officer,
        occurred_at=timezone.now(),
        details={"outcome": "released", "destination": "freedom", "legal_ground": "ст. 211 КПК"},
    )
    services.answer_review(
        review=review, actor=inspector, answers={item.pk: (Answer.COMPLIANT, "") for item in review.items.all()}
    )
    services.sign_review(review=review, actor=inspector)
    assert booked.entries.filter(kind=EntryKind.REVIEW_SIGNED).exists()


def test_the_note_is_only_a_step_of_the_signing_write(booked, inspector):
    with pytest.raises(RuntimeError):
        custody.note_review_signed(record=booked, actor=inspector, occurred_at=timezone.now(), counts={})
    assert not booked.entries.filter(kind=EntryKind.REVIEW_SIGNED).exists()
