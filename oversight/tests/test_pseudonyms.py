"""Monitors see a stable keyed pseudonym and an age band, never names, documents or dates of birth."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind
from detainees.tests.conftest import person_data, record_data
from oversight.readlog.identity import age_band, pseudonym

PLANTED = [
    "Ком'яков",
    "Мар'ян",
    "Олегович",
    "АН123456",
    "17.05.1990",
    "1990-05-17",
    "12026130000000457",
    "Ткаченко",
    "Центральний",
    "Оксана Ком",
]


def leaks(page):
    return [value for value in PLANTED if value in page]


def test_a_pseudonym_is_stable_for_a_person_and_differs_between_people(settings):
    assert pseudonym(1) == pseudonym(1)
    assert pseudonym(1) != pseudonym(2)
    assert pseudonym(1).startswith("P-") and len(pseudonym(1)) == 11


def test_a_pseudonym_depends_on_the_key_so_it_cannot_be_computed_from_the_data(settings):
    before = pseudonym(1)
    settings.PSEUDONYM_KEY = "another-key"
    assert pseudonym(1) != before


def test_a_missing_key_refuses_to_make_pseudonyms(settings):
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    settings.PSEUDONYM_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        pseudonym(1)


def test_age_bands_replace_dates_of_birth():
    assert [age_band(a) for a in (13, 16, 18, 30, 40, 64, 80)] == [
        "<14",
        "14–17",
        "18–24",
        "25–34",
        "35–49",
        "50–64",
        "65+",
    ]


def test_the_same_person_keeps_their_pseudonym_across_detentions(facility, duty_officer, monitor, client):
    first = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    services.release(record=first, actor=duty_officer, occurred_at=timezone.now(), details={"outcome": "released"})
    second = services.book_in(
        actor=duty_officer,
        person_data=person_data(),
        record_data=record_data(
            facility,
            detained_at=timezone.now() - timedelta(minutes=30),
            arrived_at=timezone.now() - timedelta(minutes=20),
        ),
    )
    assert first.person_id == second.person_id
    client.force_login(monitor)
    for record in (first, second):
        assert pseudonym(record.person_id) in client.get(record.get_absolute_url()).content.decode()


def test_a_monitors_record_page_shows_pseudonym_and_age_band_and_no_identity(client, booked, monitor, duty_officer):
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now(),
        details={"text": "Сестра Оксана Ком'якова принесла речі."},
    )
    client.force_login(monitor)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert pseudonym(booked.person_id) in page
    assert f'<dd class="col-6">{age_band(booked.person.age_on(booked.detained_at.date()))}</dd>' in page
    assert leaks(page) == []
    assert "[free text withheld]" in page


def test_a_prosecutor_sees_the_name_and_the_free_text(client, booked, prosecutor):
    client.force_login(prosecutor)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert "Ком&#x27;яков" in page or "Ком'яков" in page
    assert "АН123456" in page


def test_the_change_history_withholds_values_from_monitors(client, booked, monitor, duty_officer):
    services.add_entry(
        record=booked,
        actor=duty_officer,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now(),
        details={"text": "Ком'яков просив води"},
    )
    client.force_login(monitor)
    page = client.get(reverse("detainees:record-history", args=[booked.pk])).content.decode()
    assert leaks(page) == []
    assert "[free text withheld]" in page
    assert "in custody" in page and "Legal basis" in page  # structure stays visible, by its labels


def test_lists_and_the_board_show_pseudonyms_to_monitors(client, booked, monitor):
    client.force_login(monitor)
    for url in (reverse("detainees:record-list"), reverse("detainees:board")):
        page = client.get(url).content.decode()
        assert pseudonym(booked.person_id) in page
        assert leaks(page) == []


def test_a_monitor_cannot_search_by_name(client, booked, monitor):
    client.force_login(monitor)
    page = client.get(reverse("detainees:record-list"), {"q": "Ком'яков"}).content.decode()
    assert booked.number not in page
