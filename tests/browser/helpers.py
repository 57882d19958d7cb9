"""Steps shared by the browser journeys."""

import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD

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


def log_in(page: Page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/(records/board|inspections|oversight)/$"))  # where each role starts
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
