"""The record-review checklist: prefilled, answered, signed off once, then frozen."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from custody.submits.tests.tokens import once
from detainees.models import EntryKind, TimelineEntry
from detainees.tests.factories import CustodyRecordFactory
from inspections import services
from inspections.models import Answer, RecordReview


def answer_all(review, actor, answer=Answer.COMPLIANT, comment=""):
    services.answer_review(
        review=review, actor=actor, answers={item.pk: (answer, comment) for item in review.items.all()}
    )


def test_the_checklist_is_prefilled_from_the_obligations_and_the_record(booked, inspector):
    review = services.start_review(record=booked, actor=inspector)
    items = {item.key: item for item in review.items.all()}
    assert {"legal-aid", "rights", "limit-72h", "property-recorded", "movements-matched", "cell-conditions"} <= set(
        items
    )
    assert items["legal-aid"].suggestion == Answer.NON_COMPLIANT  # booked two hours ago, nobody notified
    assert items["movements-matched"].suggestion == Answer.NOT_APPLICABLE
    assert "CPC art. 213" in items["legal-aid"].citation


def test_signing_off_freezes_the_review_and_notes_it_on_the_timeline(booked, inspector):
    review = services.start_review(record=booked, actor=inspector)
    answer_all(review, inspector)
    services.sign_review(review=review, actor=inspector)
    review.refresh_from_db()
    assert review.is_signed
    entry = booked.entries.get(kind=EntryKind.REVIEW_SIGNED)
    assert entry.author == inspector and entry.details["compliant"] == review.items.count()
    with pytest.raises(ValidationError, match="signed off"):
        answer_all(review, inspector, Answer.NOT_APPLICABLE)


def test_signing_off_with_unanswered_items_is_refused_and_writes_nothing(booked, inspector):
    review = services.start_review(record=booked, actor=inspector)
    first = review.items.first()
    services.answer_review(review=review, actor=inspector, answers={first.pk: (Answer.COMPLIANT, "")})
    with pytest.raises(ValidationError, match="Answer every item"):
        services.sign_review(review=review, actor=inspector)
    review.refresh_from_db()
    assert not review.is_signed
    assert not TimelineEntry.objects.filter(kind=EntryKind.REVIEW_SIGNED).exists()


def test_a_non_compliant_answer_needs_a_comment(booked, inspector):
    review = services.start_review(record=booked, actor=inspector)
    item = review.items.first()
    with pytest.raises(ValidationError, match="Say what was wrong"):
        services.answer_review(review=review, actor=inspector, answers={item.pk: (Answer.NON_COMPLIANT, " ")})
    item.refresh_from_db()
    assert item.answer == ""


def test_a_record_outside_the_inspectors_facility_cannot_be_reviewed(client, inspector, other_facility):
    other = CustodyRecordFactory(facility=other_facility)
    client.force_login(inspector)
    assert client.get(reverse("inspections:review", args=[other.pk])).status_code == 404
    assert client.post(reverse("inspections:review", args=[other.pk]), {"action": "start"}).status_code == 404
    assert not RecordReview.objects.exists()
    with pytest.raises(PermissionDenied):
        services.start_review(record=other, actor=inspector)


def test_the_review_page_starts_answers_and_signs_off(client, booked, inspector):
    client.force_login(inspector)
    url = reverse("inspections:review", args=[booked.pk])
    assert client.get(url).status_code == 200 and not RecordReview.objects.exists()  # GET changes nothing
    client.post(url, {"action": "start", **once()})
    review = RecordReview.objects.get()
    data = {"action": "sign", **once(), **{f"answer_{item.pk}": "compliant" for item in review.items.all()}}
    first = review.items.first()
    data[f"answer_{first.pk}"], data[f"comment_{first.pk}"] = "non_compliant", "Повідомлення БПД запізнилось"
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert review.is_signed
    assert review.items.get(pk=first.pk).comment == "Повідомлення БПД запізнилось"


def test_a_duty_officer_cannot_review(client, booked, duty_officer):
    client.force_login(duty_officer)
    assert client.get(reverse("inspections:review", args=[booked.pk])).status_code == 403


def test_an_exit_without_a_return_is_flagged_in_the_checklist(booked, duty_officer, inspector, in_cell):
    from detainees import services as custody

    out = {"purpose": "interview", "taken_by": "слідчий", "destination": "каб. 3"}
    custody.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.MOVEMENT_OUT,
        occurred_at=timezone.now() - timedelta(minutes=30),
        details=out,
    )
    custody.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.MOVEMENT_RETURN,
        occurred_at=timezone.now() - timedelta(minutes=20),
        details={"condition": ""},
    )
    review = services.start_review(record=booked, actor=inspector)
    assert review.items.get(key="movements-matched").suggestion == Answer.NON_COMPLIANT


def test_a_review_started_in_ukrainian_reads_in_the_readers_language(client, booked, inspector):
    with translation.override("uk"):
        review = services.start_review(record=booked, actor=inspector)
    items = {item.key: item for item in review.items.select_related("norm")}
    assert items["legal-aid"].citation.startswith("КПК ст. 213")  # stored as it was started
    assert items["legal-aid"].norm.key == "legal-aid"
    client.force_login(inspector)
    url = reverse("inspections:review", args=[booked.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CPC art. 213 part 1" in english and "Conditions of the cell" in english
    assert "КПК ст. 213" not in english
    ukrainian = client.get(url, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "КПК ст. 213 ч. 1" in ukrainian and "Стандарти ЄКПТ CPT/Inf(2015)44" in ukrainian
