"""The duty officer's live board and check round, in the browser.

A person booked in three hours ago with no legal-aid notification shows as overdue on the
board; one click on the alert opens the notification form prefilled; once recorded the alert
is gone. Then a check round records a check for everyone in the facility in one submit.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import fill_form, local_minute, log_in, shot, unique_surname

pytestmark = pytest.mark.browser


def book_in_without_notifications(page: Page, surname):
    page.goto("/records/new/")
    fill_form(
        page,
        {
            "person-surname": surname,
            "person-given_name": "Остап",
            "person-date_of_birth": "1991-04-12",
            "person-sex": "M",
            "person-document_type": "none",
            "record-legal_basis": "cpc208",
            "record-case_number": "12026130000000999",
            "record-grounds": "ч. 1 ст. 208 КПК",
            "record-detaining_officer": "лейт. Ткаченко М. В.",
            "record-detaining_unit": "СРПП ВП № 1",
            "record-detention_place": "м. Сєвєродонецьк",
            "record-detained_at": local_minute(3)[1],
            "record-arrived_at": local_minute(2.5)[1],
        },
    )
    page.get_by_role("button", name="Book in", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("booked in")


def test_overdue_legal_aid_turns_met_on_the_board_and_a_check_round_covers_everyone(page: Page, screenshots_dir):
    log_in(page, "duty")
    surname = unique_surname()
    book_in_without_notifications(page, surname)

    page.goto("/records/board/")
    row = page.locator("tr", has=page.get_by_role("link", name=re.compile(surname)))
    alert = row.get_by_role("link", name=re.compile("Free legal aid centre notified"))
    expect(alert).to_contain_text("overdue")
    expect(row).to_have_class(re.compile("table-danger"))
    shot(page, screenshots_dir, "20-board-legal-aid-overdue")

    alert.click()  # opens the notification form with the recipient and result prefilled
    expect(page.locator("#id_recipient")).to_have_value("legal_aid")
    expect(page.locator("#id_result")).to_have_value("delivered")
    page.fill("#id_recipient_name", "Регіональний центр з надання БПД")
    page.select_option("#id_method", "electronic")
    page.get_by_role("button", name="Save entry", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("Notification")
    expect(page.locator("#h-obligations").locator("..").locator("..")).to_contain_text("Free legal aid centre notified")

    page.goto("/records/board/")
    row = page.locator("tr", has=page.get_by_role("link", name=re.compile(surname)))
    expect(row.get_by_role("link", name=re.compile("Free legal aid centre notified"))).to_have_count(0)
    shot(page, screenshots_dir, "21-board-legal-aid-met")

    page.get_by_role("link", name="Check round").click()
    people = page.locator("tbody tr")
    count = people.count()
    assert count >= 2
    for index in range(count):
        people.nth(index).get_by_text("awake", exact=True).click()
    shot(page, screenshots_dir, "22-check-round")
    page.get_by_role("button", name="Record the round").click()
    expect(page.locator(".alert-success")).to_have_text(re.compile(rf"Round recorded for {count} people"))
    expect(page).to_have_url(re.compile(r"/records/board/"))
