"""A custody handed over between two desks in the browser: the legal clock does not restart.

The duty officer of ITT No. 1 books a person in, searches them with a sealed bag and transfers
them to ITT No. 2; the duty officer there (`duty2`) sees the expected arrival on the board,
accepts it ticking the bag, and the new record's next legal deadline is due at exactly the same
minute as it was at ITT No. 1.
"""

import random
import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import fill_form, local_minute, log_in, log_out, shot, unique_surname

pytestmark = pytest.mark.browser

# The second-factor journey gives duty2 a new phone; this journey signs duty2 in with the demo one.
DEMO_PHONE_FOR_DUTY2 = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from custody.accounts import twofactor
from custody.accounts.models import User
from integrity.log import sealed
with sealed():
    user = User.objects.get(username="duty2")
    if not TOTPDevice.objects.filter(user=user, key=twofactor.demo_key()).exists():
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="demo", key=twofactor.demo_key(), confirmed=True)
"""


def test_a_transfer_from_itt_1_is_accepted_at_itt_2_on_the_same_legal_clock(
    page: Page, live_site, live_manage, screenshots_dir, browser_errors
):
    surname = unique_surname()
    _detained, detained_value = local_minute(hours_ago=5)
    _arrived, arrived_value = local_minute(hours_ago=4)
    bag = f"ПК-{random.randint(10000, 99999)}"

    # --- ITT No. 1 books the person in and searches them. -------------------------------------
    log_in(page, "duty")
    page.goto("/records/new/")
    fill_form(
        page,
        {
            "person-surname": surname,
            "person-given_name": "Остап",
            "person-patronymic": "Ігорович",
            "person-date_of_birth": "1989-07-02",
            "person-sex": "M",
            "person-document_type": "none",
            "person-language": "українська",
            "record-legal_basis": "cpc208",
            "record-case_number": "12026130000" + "".join(random.choice("0123456789") for _ in range(6)),
            "record-grounds": "Застигнутий під час вчинення кримінального правопорушення (ч. 1 ст. 208 КПК).",
            "record-detaining_officer": "ст. лейт. поліції Ткаченко М. В.",
            "record-detaining_unit": "СРПП ВП № 1",
            "record-detention_place": "м. Сєвєродонецьк, просп. Центральний, 20",
            "record-detained_at": detained_value,
            "record-arrived_at": arrived_value,
        },
    )
    page.get_by_role("button", name="Book in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/records/\d+/$"))
    record_url = page.url
    sender_number = page.title().split(" ")[0]
    due_at_itt_1 = page.locator("#next-limit-due").inner_text()

    page.goto(f"{record_url}entries/search/")
    page.fill("#id_searched_by", "сержант Коваль Д. І.")
    page.select_option("#id_searcher_sex", "M")
    page.check("#id_detainee_signed")
    page.fill("#id_items-0-description", "Мобільний телефон Nokia")
    page.fill("#id_items-0-quantity", "1")
    page.fill("#id_items-0-bag_number", bag)
    page.get_by_role("button", name="Save entry", exact=True).click()
    expect(page).to_have_url(record_url)

    # --- ... and transfers them to ITT No. 2 with the bag. ------------------------------------
    page.get_by_role("link", name="Release or transfer").click()
    page.check("input[name='outcome'][value='transferred']")
    page.select_option("#id_destination", "other_facility")
    page.select_option("#id_to_facility", label="ІТТ № 2, Лисичанськ")
    expect(page.locator("#id_bags_sent")).to_have_value(bag)  # the search's sealed bag, listed
    page.fill("#id_legal_ground", "Доручення слідчого про переведення")
    page.select_option("#id_property", "handed_over")
    page.fill("#id_condition", "Задовільний")
    shot(page, screenshots_dir, "transfer-01-release-form")
    page.get_by_role("button", name="Close the record").click()
    expect(page).to_have_url(record_url)
    expect(page.locator(".alert-success")).to_contain_text("ІТТ № 2, Лисичанськ now expects the detainee")
    expect(page.locator("#transferred-to")).to_contain_text("not yet accepted")
    page.goto("/records/board/")
    expect(page.locator("#in-transit")).to_contain_text(surname)
    log_out(page)

    # --- ITT No. 2 sees the expected arrival and accepts it, checking the bag. ----------------
    restored = live_manage("shell", "-c", DEMO_PHONE_FOR_DUTY2)
    assert restored.returncode == 0, restored.stderr
    log_in(page, "duty2")
    arrival = page.locator("#expected-arrivals tr", has_text=surname)
    expect(arrival).to_contain_text("ІТТ № 1, Сєвєродонецьк")
    # The 30-second refresh brings the arrivals back with the rows (swapped out of band).
    rows = page.locator("#board-rows tr").count()
    page.evaluate("document.getElementById('board-transfers').replaceChildren()")
    expect(arrival).to_have_count(0)
    page.evaluate("htmx.ajax('GET', location.pathname + location.search, {target: '#board-rows', swap: 'innerHTML'})")
    expect(arrival).to_contain_text("ІТТ № 1, Сєвєродонецьк")
    expect(page.locator("#board-rows tr")).to_have_count(rows)
    expect(page.locator("#board-rows #expected-arrivals")).to_have_count(0)
    shot(page, screenshots_dir, "transfer-02-board-expected-arrival")
    arrival.get_by_role("link", name="Accept").click()
    expect(page).to_have_url(re.compile(r"/records/transfers/\d+/accept/$"))
    expect(page.locator("#div_id_bags_checked")).to_contain_text(f"{bag}: Мобільний телефон Nokia × 1")
    page.check(f"input[name='bags_checked'][value='{bag}']")
    page.fill("#id_condition", "Задовільний, скарг немає")
    shot(page, screenshots_dir, "transfer-03-accept-form")
    page.get_by_role("button", name="Accept and open the record").click()

    expect(page).to_have_url(re.compile(r"/records/\d+/$"))
    assert page.url != record_url
    expect(page.locator(".alert-success")).to_contain_text("continues the custody")
    expect(page.locator("#transferred-from")).to_contain_text(f"ІТТ № 1, Сєвєродонецьк, record {sender_number}")
    expect(page.locator("li.timeline-item.kind-intake")).to_contain_text(bag)
    # The clock runs on: the same legal deadline, to the minute.
    expect(page.locator("#next-limit-due")).to_have_text(due_at_itt_1)
    shot(page, screenshots_dir, "transfer-04-new-record")
    page.goto("/records/board/")
    expect(page.locator("#expected-arrivals", has_text=surname)).to_have_count(0)
    assert browser_errors == []
