"""An administrator resets a lost phone and enrols a new one; the officer signs in with it, then with a recovery code.

The phone is played by the test: it reads the secret printed under the QR code and computes the
codes, exactly as an authenticator app would from the scanned code.
"""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import hotp
from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD
from .helpers import log_in, shot

pytestmark = pytest.mark.browser


def phone(secret):
    """The new phone's code now (its first use) and one step later (the next sign-in)."""
    key = b32decode(secret.replace(" ", ""))
    step = int(time.time()) // 30
    return f"{hotp(key, step):06d}", f"{hotp(key, step + 1):06d}"


def sign_in_with(page: Page, code):
    page.goto("/login/")
    page.fill("#id_username", "duty2")
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.fill("#id_code", code)
    page.get_by_role("button", name="Confirm").click()


def test_administrator_resets_and_enrols_a_phone_and_the_officer_signs_in_with_it(
    page: Page, browser, live_site, screenshots_dir, browser_errors
):
    log_in(page, "admin")
    page.goto("/admin/accounts/user/?q=duty2")
    page.get_by_role("link", name="duty2", exact=True).click()
    page.get_by_role("link", name="Second factor").click()
    expect(page.get_by_role("heading", name="Second factor", exact=True)).to_be_visible()

    page.fill("#id_reason", "phone lost on shift, reported in person")
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(".alert-success")).to_contain_text("was reset")
    expect(page.get_by_role("table")).to_contain_text("phone lost on shift")

    # The officer cannot get past the password now.
    officer = browser.new_context(
        locale="en-US", viewport={"width": 820, "height": 1180}, base_url=live_site
    ).new_page()
    officer.goto("/login/")
    officer.fill("#id_username", "duty2")
    officer.fill("#id_password", DEMO_PASSWORD)
    officer.get_by_role("button", name="Log in").click()
    expect(officer.get_by_text("Your account has no second factor yet.")).to_be_visible()
    officer.goto("/records/board/")
    expect(officer).to_have_url(re.compile(r"/login/code/"))

    page.get_by_role("link", name="Enrol an authenticator").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    shot(page, screenshots_dir, "second-factor-enrol")
    first, following = phone(page.locator("#secret").inner_text())
    page.fill("#id_code", first)
    page.get_by_role("button", name="Confirm").click()
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", code) for code in codes)
    shot(page, screenshots_dir, "second-factor-recovery-codes")

    # The new phone's next code signs the officer in (the one used at enrolment is spent).
    officer.get_by_role("button", name="Sign in as someone else").click()
    sign_in_with(officer, following)
    expect(officer).to_have_url(re.compile(r"/records/board/$"))
    officer.context.clear_cookies()

    # Without the phone: a recovery code, once.
    sign_in_with(officer, codes[0])
    expect(officer).to_have_url(re.compile(r"/records/board/$"))
    officer.context.clear_cookies()
    sign_in_with(officer, codes[0])
    expect(officer.locator("#id_code")).to_have_class(re.compile("is-invalid"))
    officer.context.close()
    assert browser_errors == []
