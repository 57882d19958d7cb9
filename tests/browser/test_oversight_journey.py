"""External oversight in the browser: a prosecutor checks a record and the history's integrity; a monitor
sees pseudonyms.

An inspector refers a finding on a record in custody. The prosecutor of the region opens the
record, reads its timeline, its change history and who viewed it, signs and verifies the facility logs
(and again against a head exported a moment earlier), and answers the referral. A monitor of
the same region opens the same record and sees only a pseudonym.
"""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import log_in, log_out, shot

pytestmark = pytest.mark.browser

PSEUDONYM = re.compile(r"^P-[A-Z2-7]{4}-[A-Z2-7]{4}$")


def test_prosecutor_verifies_a_record_and_answers_a_referral_and_a_monitor_sees_only_pseudonyms(
    page: Page, screenshots_dir, tmp_path, browser_errors
):
    # --- An inspector refers a finding on someone in custody. ---------------------------------
    log_in(page, "inspector")
    page.goto("/records/")
    page.locator("table tbody tr a").first.click()
    record_url = page.url
    inspector_name = page.locator("#user-menu").inner_text().strip()
    page.get_by_role("link", name="Record a finding").click()
    page.select_option("#id_severity", "high")
    page.fill("#id_description", "Адвоката повідомлено через 3 години після затримання")
    page.get_by_role("button", name="Record the finding").click()
    finding_url = page.url
    page.fill("#t-refer", "Прошу перевірити")
    page.get_by_role("button", name="Refer", exact=True).click()
    expect(page.locator("h1")).to_contain_text("referred to the prosecutor")
    log_out(page)

    # --- The prosecutor opens the record: timeline, change history, viewers. -----------------
    log_in(page, "prosecutor")
    expect(page).to_have_url(re.compile(r"/oversight/$"))
    page.goto(record_url)
    full_name = page.locator("h1").inner_text().strip()
    assert not PSEUDONYM.match(full_name)
    expect(page.locator("li.timeline-item").first).to_be_visible()
    viewers = page.locator("#viewers")
    expect(viewers).to_contain_text("opened the record")
    expect(viewers).to_contain_text(inspector_name)  # the inspector's visit is on the read log
    shot(page, screenshots_dir, "40-prosecutor-record-with-viewers")
    page.get_by_role("link", name="Change history").click()
    expect(page.locator("table tbody tr").first).to_be_visible()
    expect(page.locator("table.history > tbody")).to_contain_text("create")
    page.goto(record_url)
    page.get_by_role("link", name="Full read log of this record").click()
    expect(page.locator("table tbody")).to_contain_text("opened the change history")
    shot(page, screenshots_dir, "41-prosecutor-read-log")

    # --- Integrity: sign the heads, verify, export the heads, verify against them. -------------
    page.get_by_role("link", name="Oversight", exact=True).click()
    page.get_by_role("link", name=re.compile("Integrity of the history")).click()
    page.get_by_role("button", name="Sign tree heads now").click()
    expect(page.locator(".alert-success")).to_contain_text("tree heads signed")
    page.get_by_role("button", name="Verify every log", exact=True).click()
    results = page.locator("section[aria-labelledby=h-result] .alert")
    expect(results).to_have_count(1)
    expect(results.nth(0)).to_contain_text("Intact")
    expect(page.locator(".alert-danger")).to_have_count(0)
    shot(page, screenshots_dir, "42-integrity-verified")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export the signed heads (JSON)").click()
    head_file = tmp_path / "heads.json"
    download.value.save_as(head_file)
    assert json.loads(head_file.read_text())["heads"][0]["signature"]
    page.set_input_files("#id_head", str(head_file))
    page.get_by_role("button", name="Verify against this file").click()
    expect(results).to_have_count(1)
    expect(results.nth(0)).to_contain_text("Intact")
    expect(page.locator("table tbody").last).to_contain_text("against a kept file")

    # --- ... and answers the referral. -------------------------------------------------------
    page.goto(finding_url)
    page.fill("#t-answer", "Внесено подання начальнику відділу поліції")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator("h1")).to_contain_text("answered by the prosecutor")
    log_out(page)

    # --- A monitor sees the same record only under a pseudonym. --------------------------------
    log_in(page, "monitor")
    page.goto(record_url)
    pseudonym = page.locator("h1").inner_text().strip()
    assert PSEUDONYM.match(pseudonym), pseudonym
    surname = full_name.split()[0]
    expect(page.locator("body")).not_to_contain_text(surname)
    expect(page.locator("#h-person").locator("xpath=..")).to_contain_text("Age at detention")
    shot(page, screenshots_dir, "43-monitor-pseudonymised-record")
    page.goto("/records/?status=")
    expect(page.locator("table tbody")).to_contain_text(pseudonym)
    expect(page.locator("body")).not_to_contain_text(surname)
    page.goto(finding_url)
    expect(page.locator("body")).not_to_contain_text(surname)
    # A download ends its request without a page; Chromium reports that as a failed request.
    assert [error for error in browser_errors if not error.endswith("/oversight/integrity/heads.json")] == []
