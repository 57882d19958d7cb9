"""A prosecutor reads a record's change history in Ukrainian, and downloads it for a spreadsheet.

A duty officer books a person in and corrects a note. The prosecutor of the region chooses the
Ukrainian interface on the sign-in page, signs in, opens the record's change history and reads it
in people's words: Ukrainian field labels, the officer's name and role, local time with its zone,
and none of what the database holds (field names, JSON escapes, "None"). The export's header row
is Ukrainian too.
"""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from .helpers import KYIV, demo_code, fill_form, local_minute, log_in, log_out, shot, unique_surname

pytestmark = pytest.mark.browser

RAW = ["occurred_at", "correction_reason", "recorded_at", "detainees.", "\\u04", "\\u", "None", '"text"', "{"]


def log_in_in_ukrainian(page: Page, username):
    """Choose Ukrainian on the sign-in page (the language switch in the layout), then sign in."""
    page.goto("/login/")
    page.locator("button[name=language][value=uk]").first.click()
    expect(page.get_by_role("heading", name="Увійти")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    page.fill("#id_username", username)
    page.fill("#id_password", "custody-demo-2026")
    page.get_by_role("button", name="Увійти").click()
    expect(page.get_by_role("heading", name="Другий фактор", exact=True)).to_be_visible()
    page.fill("#id_code", demo_code(username))
    page.get_by_role("button", name="Підтвердити").click()
    expect(page).to_have_url(re.compile(r"/oversight/$"))


def test_a_prosecutor_reads_the_change_history_in_ukrainian_and_downloads_it(
    page: Page, screenshots_dir, tmp_path, browser_errors
):
    surname = unique_surname()
    _detained, detained_value = local_minute(hours_ago=3)
    _arrived, arrived_value = local_minute(hours_ago=2)

    # --- The duty officer books a person in and corrects a note. ------------------------------
    log_in(page, "duty")
    officer = page.locator("#user-menu").inner_text().strip()
    page.goto("/records/new/")
    fill_form(
        page,
        {
            "person-surname": surname,
            "person-given_name": "Остап",
            "person-patronymic": "Іванович",
            "person-date_of_birth": "1988-09-02",
            "person-sex": "M",
            "person-document_type": "none",
            "person-language": "українська",
            "record-legal_basis": "cpc208",
            "record-case_number": "12026130000009876",
            "record-grounds": "Застигнутий під час вчинення кримінального правопорушення (ч. 1 ст. 208 КПК).",
            "record-detaining_officer": "ст. лейт. поліції Ткаченко М. В.",
            "record-detaining_unit": "СРПП ВП № 1",
            "record-detention_place": "м. Сєвєродонецьк, вул. Донецька, 5",
            "record-detained_at": detained_value,
            "record-arrived_at": arrived_value,
        },
    )
    page.get_by_role("button", name="Book in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/records/\d+/$"))
    record_url = page.url

    page.goto(f"{record_url}entries/note/")
    page.fill("#id_text", "Просить зателефонувати дружині")
    page.get_by_role("button", name="Save entry", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Recorded: Note.")
    page.locator("li.timeline-item.kind-note").get_by_role("link", name=re.compile(r"^Correct\b")).click()
    page.fill("#id_text", "Просить зателефонувати матері")
    page.fill("#id_correction_reason", "Помилково вказано, кому телефонувати")
    before = datetime.now(KYIV)
    page.get_by_role("button", name="Save correction").click()
    expect(page).to_have_url(re.compile(re.escape(record_url)))
    after = datetime.now(KYIV)
    log_out(page)

    # --- The prosecutor, in Ukrainian, opens the record's change history. ---------------------
    log_in_in_ukrainian(page, "prosecutor")
    page.goto(record_url)
    page.get_by_role("link", name="Історія змін").click()
    expect(page.get_by_role("heading", name="Історія змін")).to_be_visible()
    expect(page.locator(".card-body")).to_contain_text("Час місцевий (Europe/Kyiv).")
    history = page.locator("table.history")
    text = history.inner_text()
    for raw in RAW:
        assert raw not in text, raw
    for label in ("Час події", "Автор", "Відомості", "Причина виправлення", "Правова підстава", "Виправляє"):
        assert label in text, label
    for english in ("happened at", "Author", "created", "corrected", "Duty officer", "Note"):
        assert english not in text, english

    # The newest row is the correction: the officer's name and role, local time with its offset.
    newest = history.locator("tbody tr").first
    expect(newest.locator(".history-who")).to_contain_text(officer)
    expect(newest.locator(".history-who")).to_contain_text("Черговий")
    expect(newest.locator(".history-action")).to_have_text("виправлено")
    expect(newest).to_contain_text("Просить зателефонувати матері")
    expect(newest).to_contain_text("Помилково вказано, кому телефонувати")
    moment = datetime.fromisoformat(newest.locator("time").get_attribute("datetime"))
    assert moment.utcoffset() == before.utcoffset()  # Kyiv's offset, not UTC
    assert before - timedelta(seconds=2) <= moment <= after + timedelta(seconds=2)
    expect(newest.locator("time")).to_contain_text(moment.strftime("%d.%m.%Y %H:%M:%S"))
    page.set_viewport_size({"width": 768, "height": 1000})
    assert page.evaluate("document.documentElement.scrollWidth") <= 768  # nothing sticks out
    shot(page, screenshots_dir, "50-prosecutor-history-uk-768")

    # --- The export, for a spreadsheet with Ukrainian settings. --------------------------------
    with page.expect_download() as download:
        page.get_by_role("link", name="Завантажити для таблиці (CSV)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.endswith("-history.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
    assert header == ["Коли (Europe/Kyiv)", "Хто", "Роль", "IP-адреса", "Що", "Дія", "Поле", "Було", "Стало", "Причина"]
    correction = [row for row in rows if row[5] == "виправлено"]
    assert correction and {row[9] for row in correction} == {"Помилково вказано, кому телефонувати"}
    assert {(row[1], row[2]) for row in correction} == {(officer, "Черговий")}
    body = raw.decode("utf-8-sig")
    for raw_text in RAW:
        assert raw_text not in body, raw_text
    assert browser_errors == []
