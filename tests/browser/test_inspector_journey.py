"""The human-rights inspector's day in the browser, and the prosecutor receiving a referral.

An intake interview reports an injury (which requests a medical examination), a record review
is signed off with one non-compliant item, a finding is raised from it and referred; the
prosecutor of the region then sees the referral and answers it.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import log_in, shot

pytestmark = pytest.mark.browser


def test_inspector_interviews_reviews_and_refers_and_the_prosecutor_sees_the_referral(page: Page, screenshots_dir):
    log_in(page, "inspector")
    expect(page).to_have_url(re.compile(r"/inspections/$"))
    shot(page, screenshots_dir, "30-inspector-queue")

    # Interview the first person waiting, in private; they report an injury.
    page.get_by_role("link", name="Interview the detainee").first.click()
    record_url = page.url.split("entries/")[0]
    page.check("#id_in_private")
    page.fill("#id_language", "українська")
    page.fill("#id_treatment_complaints", "Під час затримання вдарили в плече")
    page.check("#id_injuries_reported")
    page.fill("#id_injuries_description", "Синець 4 см на лівому плечі")
    page.get_by_role("button", name="Save entry", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("interview")
    expect(page.locator("li.timeline-item.kind-medical_request")).to_have_count(1)
    expect(page.locator("#h-obligations").locator("xpath=../..")).to_contain_text("Medical examination after a request")

    # Review the record; mark one item non-compliant with a comment; sign off.
    page.get_by_role("link", name="Review", exact=True).click()
    page.get_by_role("button", name="Start the review").click()
    rows = page.locator(".review-table tbody tr")
    count = rows.count()
    assert count >= 5
    for index in range(count):
        rows.nth(index).get_by_label("not applicable").check()
    rows.first.get_by_label("non-compliant").check()
    rows.first.locator("textarea").fill("Повідомлення надіслано із запізненням")
    shot(page, screenshots_dir, "31-record-review")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_role("alert").filter(has_text="Review signed off.")).to_be_visible()

    # Raise a finding from the non-compliant item and refer it to the prosecutor.
    page.get_by_role("link", name="Raise a finding").click()
    page.select_option("#id_severity", "high")
    page.get_by_role("button", name="Record the finding").click()
    expect(page.locator(".alert-success")).to_contain_text("Finding recorded")
    finding_url = page.url
    page.fill("#t-refer", "Прошу перевірити своєчасність повідомлення центру БПД")
    page.get_by_role("button", name="Refer", exact=True).click()
    expect(page.locator("h1")).to_contain_text("referred to the prosecutor")
    shot(page, screenshots_dir, "32-finding-referred")

    page.goto(record_url)
    expect(page.locator("li.timeline-item.kind-review_signed")).to_have_count(1)

    # The prosecutor of the region sees the referral and answers it.
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Log out").click()
    log_in(page, "prosecutor")
    page.goto("/inspections/findings/?status=referred")
    page.get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    expect(page).to_have_url(finding_url)
    page.fill("#t-answer", "Внесено подання начальнику відділу поліції")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator("h1")).to_contain_text("answered by the prosecutor")
    shot(page, screenshots_dir, "33-prosecutor-answered")
