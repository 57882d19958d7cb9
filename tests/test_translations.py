"""Ukrainian and English are complete, and pages speak the user's language."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from detainees.tests.factories import CustodyRecordFactory

LOCALE = Path(settings.BASE_DIR) / "locale"


def po_entries(path):
    """(msgid, [msgstr...], flags) for each entry of a .po file, header excluded."""
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        if block.lstrip().startswith("#~"):
            continue
        parts = re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', block, re.M)
        fields = {key: "".join(re.findall(r'"(.*)"', value)) for key, value in parts}
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


@pytest.mark.parametrize("language", ["uk"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = list(po_entries(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(entries) > 300
    untranslated = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_the_english_catalogue_exists_for_every_message():
    uk = {msgid for msgid, _, _ in po_entries(LOCALE / "uk" / "LC_MESSAGES" / "django.po")}
    en = {msgid for msgid, _, _ in po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")}
    assert uk == en


@pytest.fixture
def booked(facility):
    return CustodyRecordFactory(facility=facility)


def test_a_ukrainian_officer_sees_the_record_page_in_ukrainian(client, booked, duty_officer):
    client.force_login(duty_officer)
    page = client.get(booked.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert 'lang="uk"' in page
    assert "Хронологія" in page


def test_the_language_switch_changes_the_language(client, booked, duty_officer):
    client.force_login(duty_officer)
    client.post(reverse("set-language"), {"language": "uk", "next": "/"})
    page = client.get(booked.get_absolute_url()).content.decode()
    assert 'lang="uk"' in page
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(booked.get_absolute_url()).content.decode()
