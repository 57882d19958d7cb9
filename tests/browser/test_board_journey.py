"""The duty officer's live board and check round, in the browser.

A person booked in three hours ago with no legal-aid notification shows as overdue on the
board; one click on the alert opens the notification form prefilled; once recorded the alert
is gone. Then a check round records a check for everyone in the facility in one submit. On a
tablet (768 px), in Ukrainian and in English, the person the demo holds past the 72-hour limit
comes first, marked, and nothing on the board is cut off or scrolls sideways.
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
    # A missed notification is a red legal deadline; only a person held past a legal limit marks the row.
    expect(alert).to_have_class(re.compile(r"\btext-bg-danger\b"))
    expect(row).not_to_have_class(re.compile(r"\btable-danger\b"))
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


# Every alert badge that is shown (the narrow layout hides the alerts column and shows them under
# the person) lies inside the viewport, and neither the page nor the table scrolls sideways.
FITS = """() => {
  const width = window.innerWidth;
  const table = document.querySelector('.board').closest('.table-responsive');
  const outside = [...document.querySelectorAll('.obligation-badge')]
    .filter(badge => badge.offsetParent !== null)
    .filter(badge => { const box = badge.getBoundingClientRect(); return box.left < 0 || box.right > width; })
    .map(badge => badge.textContent.trim());
  return {
    page: document.documentElement.scrollWidth <= width,
    table: table.scrollWidth <= table.clientWidth,
    badges: document.querySelectorAll('.obligation-badge').length,
    outside,
  };
}"""


@pytest.mark.parametrize(
    ("language", "label"),
    [("Українська", "Утримується понад законний строк на"), ("English", "Held past the legal limit by")],
)
def test_on_a_tablet_the_person_held_past_the_limit_comes_first_and_nothing_is_cut_off(
    page: Page, browser_errors, screenshots_dir, language, label
):
    log_in(page, "duty")
    page.get_by_role("button", name=language, exact=True).click()  # the language switch in the navbar
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto("/records/board/")
    code = "uk" if language == "Українська" else "en"
    expect(page.locator("html")).to_have_attribute("lang", code)
    first = page.locator("#board-rows > tr").first
    expect(first).to_have_class(re.compile(r"\btable-danger\b"))
    expect(first.locator(".board-unlawful-label")).to_contain_text(label)
    fits = page.evaluate(FITS)
    assert fits["badges"] > 0
    assert fits == {"page": True, "table": True, "badges": fits["badges"], "outside": []}
    shot(page, screenshots_dir, f"23-board-tablet-{code}")
    assert browser_errors == []
