"""Steps shared by the browser journeys."""

import random
import re
import threading
import time
from base64 import b32decode
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django_otp.oath import hotp
from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD, DEMO_TOTP_SECRET

KYIV = ZoneInfo("Europe/Kyiv")
# Lower-case Ukrainian letters that can follow the first letter of a surname.
LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщюя"


def unique_surname():
    """A surname no other run has used: letters only, as the name validator demands."""
    return "Тест" + "".join(random.choice(LETTERS) for _ in range(8)) + "ова"


def local_minute(hours_ago):
    """A past moment, in the facility's time zone, as a datetime-local input takes it."""
    moment = datetime.now(KYIV).replace(second=0, microsecond=0) - timedelta(hours=hours_ago)
    return moment, moment.strftime("%Y-%m-%dT%H:%M")


def shot(page: Page, directory, name):
    page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


# What the server knows of each demo account's authenticator: (last step accepted, drift).
# Every code is single-use, so a journey signing in as the same person twice within 30 seconds
# needs the next step's code; this mirrors django-otp's check (one step either way, drift kept).
_DEVICES = {}
_DEVICES_LOCK = threading.Lock()
STEP = 30


def demo_code(username):
    """The code the demo authenticator would accept now for `username`, spent once given."""
    key = b32decode(DEMO_TOTP_SECRET)
    with _DEVICES_LOCK:
        while True:
            if STEP - time.time() % STEP < 1.5:
                time.sleep(1.5)  # never straddle a step boundary with the server
            now = int(time.time()) // STEP
            last, drift = _DEVICES.get(username, (-1, 0))
            step = max(last + 1, now + drift)
            if step <= now + drift + 1:
                _DEVICES[username] = (step, step - now)
                return f"{hotp(key, step):06d}"
            time.sleep(STEP - time.time() % STEP + 0.1)


def log_in(page: Page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Second factor", exact=True)).to_be_visible()
    page.fill("#id_code", demo_code(username))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/(records/board|inspections|oversight|admin)/$"))  # where each role starts
    if not page.url.endswith("/admin/"):  # the administrator starts in the Django admin
        expect(page.locator("nav .dropdown-toggle")).to_be_visible()


def log_out(page: Page):
    # The user menu is the navbar dropdown holding the POST "Log out" form.
    page.locator("nav .dropdown:has(form[action$='/logout/']) > .dropdown-toggle").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.locator("#id_username")).to_be_visible()


def fill_form(page: Page, values):
    """Type into inputs and choose options, by field id: {"person-surname": "Ком'якова", ...}."""
    for name, value in values.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
