"""A custody record's life in the browser, from booking in to a prosecutor reading it.

Runs against the production-like stack of `conftest.live_site` (gunicorn, DEBUG off, demo data)
in Debian's headless Chromium. One duty officer's shift, told step by step: log in, book in a
woman with an apostrophe in her name, record her reception and care, see two refusals of the
custody rules, release her; then a prosecutor reads the whole timeline and cannot change it.
"""

import random
import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import fill_form, local_minute, log_in, log_out, shot, unique_surname

pytestmark = pytest.mark.browser


# The kinds this journey records, in order, with their labels on the timeline.
JOURNEY_KINDS = {
    "intake": "Booked in",
    "rights": "Rights explained",
    "notification": "Notification",
    "search": "Search and property",
    "placement": "Cell placement",
    "check": "Observation check",
    "movement_out": "Taken out of the cell",
    "movement_return": "Returned to the cell",
    "release": "Released or transferred",
}


def record_entry(page: Page, kind):
    """Submit the entry form on screen and check the record page confirms it and shows it."""
    label = JOURNEY_KINDS[kind]
    page.get_by_role("button", name="Save entry", exact=True).click()
    expect(page).to_have_url(re.compile(r"/records/\d+/$"))
    expect(page.locator(".alert-success")).to_contain_text(f"Recorded: {label}.")
    # The heading may carry badges after the label (e.g. "at night" for a late interview).
    expect(page.locator(f"li.timeline-item.kind-{kind} h3").last).to_have_text(re.compile(rf"^{re.escape(label)}"))


def cell_occupancy(page: Page):
    """{cell title: (occupied, capacity)} for the in-service cells on a facility page."""
    occupancy = {}
    for card in page.locator("section.cell-card:not(.out-of-service)").all():
        title = card.locator("h2").inner_text().strip()
        occupied, capacity = card.locator(".badge").first.inner_text().split("/")
        occupancy[title] = (int(occupied), int(capacity))
    return occupancy


def test_duty_officer_books_in_records_custody_and_releases_then_prosecutor_reads_without_write_access(
    page: Page, live_site, screenshots_dir, browser_errors
):
    surname = unique_surname()
    given_name = "Мар'яна"
    _detained, detained_value = local_minute(hours_ago=3)
    arrived, arrived_value = local_minute(hours_ago=2)
    case_number = "12026130000" + "".join(random.choice("0123456789") for _ in range(6))

    # --- The duty officer logs in. -----------------------------------------------------------
    page.goto("/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    shot(page, screenshots_dir, "01-login-page")
    log_in(page, "duty")

    # --- Books in a woman; a malformed case number is refused first. -------------------------
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Book in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/records/new/$"))
    expect(page.locator("#id_record-facility option:checked")).to_have_text("ІТТ № 1, Сєвєродонецьк")
    shot(page, screenshots_dir, "02-booking-form-empty")

    fill_form(
        page,
        {
            "person-surname": surname,
            "person-given_name": given_name,
            "person-patronymic": "Олегівна",
            "person-date_of_birth": "1996-04-18",
            "person-sex": "F",
            "person-document_type": "none",
            "person-language": "українська",
            "record-legal_basis": "cpc208",
            "record-case_number": "12345",
            "record-grounds": "Застигнута під час вчинення кримінального правопорушення (ч. 1 ст. 208 КПК).",
            "record-detaining_officer": "ст. лейт. поліції Ткаченко М. В.",
            "record-detaining_unit": "СРПП ВП № 1",
            "record-detention_place": "м. Сєвєродонецьк, просп. Центральний, 20",
            "record-detained_at": detained_value,
            "record-arrived_at": arrived_value,
        },
    )
    page.get_by_role("button", name="Book in", exact=True).click()

    expect(page).to_have_url(re.compile(r"/records/new/$"))
    expect(page.locator("#id_record-case_number")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#error_1_id_record-case_number")).to_have_text(
        "A criminal proceedings number has exactly 17 digits."
    )
    expect(page.locator("#id_person-surname")).to_have_value(surname)  # nothing typed is lost
    shot(page, screenshots_dir, "03-booking-form-validation-error")

    page.fill("#id_record-case_number", case_number)
    page.get_by_role("button", name="Book in", exact=True).click()

    expect(page).to_have_url(re.compile(r"/records/\d+/$"))
    record_url = page.url
    expect(page).to_have_title(re.compile(rf"^ITT1-{arrived.year}-\d{{6}} "))  # numbered by year of arrival
    record_number = page.title().split(" ")[0]
    full_name = f"{surname} {given_name} Олегівна"
    expect(page.locator(".alert-success")).to_have_text(f"{full_name} booked in: record {record_number}.")
    expect(page.locator("h1")).to_have_text(full_name)
    expect(page.locator("li.timeline-item.kind-intake h3")).to_have_text("Booked in")

    # --- Rights, through the "Add entry" menu. ----------------------------------------------
    page.locator("#add-entry").click()
    menu = page.locator(".dropdown-menu[aria-labelledby='add-entry']")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Returned to the cell")).to_have_count(0)  # not out of the cell
    menu.get_by_role("link", name="Rights explained").click()
    expect(page.get_by_role("heading", name="Rights explained")).to_be_visible()
    page.fill("#id_language", "українська")
    page.check("#id_written_form_signed")
    record_entry(page, "rights")

    # --- Free legal aid notified. -----------------------------------------------------------
    page.locator("#add-entry").click()
    menu.get_by_role("link", name="Notification").click()
    page.select_option("#id_recipient", "legal_aid")
    page.fill("#id_recipient_name", "Регіональний центр з надання БВПД")
    page.select_option("#id_method", "electronic")
    page.fill("#id_contact", "повідомлення № 1301")
    page.select_option("#id_result", "delivered")
    record_entry(page, "notification")

    # --- Search: refused when the searcher is a man, recorded once a woman searches. --------
    page.goto(f"{record_url}entries/search/")
    page.fill("#id_searched_by", "сержант Коваль Д. І.")
    page.select_option("#id_searcher_sex", "M")
    page.fill("#id_cash", "120.50")
    page.check("#id_detainee_signed")
    page.fill("#id_items-0-description", "Мобільний телефон Nokia")
    page.fill("#id_items-0-quantity", "1")
    page.fill("#id_items-0-bag_number", "ПК-0201")
    page.fill("#id_items-1-description", "Сумка жіноча")
    page.fill("#id_items-1-quantity", "1")
    page.fill("#id_items-1-bag_number", "ПК-0202")
    page.get_by_role("button", name="Save entry", exact=True).click()

    expect(page).to_have_url(re.compile(r"/entries/search/$"))
    expect(page.locator("#error_1_id_searcher_sex")).to_have_text(
        "A search must be carried out by an officer of the same sex."
    )
    expect(page.locator("#id_items-1-description")).to_have_value("Сумка жіноча")
    shot(page, screenshots_dir, "04-search-refused-searcher-of-other-sex")

    page.fill("#id_searched_by", "сержант Олійник Г. П.")
    page.select_option("#id_searcher_sex", "F")
    record_entry(page, "search")
    expect(page.locator("li.timeline-item.kind-search")).to_have_count(1)  # the refusal recorded nothing
    search = page.locator("li.timeline-item.kind-search")
    expect(search).to_contain_text("сержант Олійник Г. П.")
    expect(search.locator("table tbody tr")).to_have_count(2)
    expect(search.locator("table")).to_contain_text("Мобільний телефон Nokia")

    # --- Placement: a full cell is refused, a cell with room takes her. ---------------------
    page.goto("/facilities/")
    shot(page, screenshots_dir, "05-facilities-list")
    page.get_by_role("link", name=re.compile("ІТТ № 1, Сєвєродонецьк")).click()
    expect(page).to_have_url(re.compile(r"/facilities/\d+/$"))
    facility_url = page.url
    expect(page.locator(".alert-warning")).to_contain_text(full_name)  # not placed yet
    occupancy = cell_occupancy(page)
    full_cells = [title for title, (taken, places) in occupancy.items() if taken >= places]
    free_cells = [title for title, (taken, places) in occupancy.items() if taken < places]
    assert full_cells and free_cells, f"the demo data should leave full and free cells: {occupancy}"

    # The picker says before saving that a full cell is full and offers it to nobody.
    page.goto(f"{record_url}entries/placement/")
    full = page.locator(".cell-option").filter(has=page.get_by_text(full_cells[0], exact=True))
    expect(full.get_by_role("radio")).to_be_disabled()
    expect(full).to_contain_text(re.compile(rf"{full_cells[0]} is full \(\d+ places\)\."))
    shot(page, screenshots_dir, "05b-cell-picker")
    fitting = page.locator(".cell-option.fits").first
    chosen = fitting.locator("label").inner_text()
    assert chosen in free_cells
    fitting.locator("label").click()
    page.fill("#id_reason", "первинне розміщення")
    record_entry(page, "placement")
    cell_number = chosen.removeprefix("Cell ")
    expect(page.locator("#h-custody + dl dt:text-is('Cell') + dd")).to_have_text(cell_number)

    page.goto(facility_url)
    placed_in = page.locator("section.cell-card", has=page.get_by_role("heading", name=chosen, exact=True))
    expect(placed_in.get_by_role("link", name=full_name)).to_be_visible()
    taken, places = occupancy[chosen]
    expect(placed_in.locator(".badge").first).to_have_text(f"{taken + 1}/{places}")
    shot(page, screenshots_dir, "06-facility-cells-after-placement")

    # --- An observation check. --------------------------------------------------------------
    page.goto(f"{record_url}entries/check/")
    page.check("input[name='state'][value='awake']")
    page.select_option("#id_condition", "normal")
    record_entry(page, "check")

    # --- Out of the cell for an interview, and back. ----------------------------------------
    page.goto(f"{record_url}entries/movement_out/")
    page.select_option("#id_purpose", "interview")
    page.fill("#id_taken_by", "слідчий Гнатюк А. А., СВ ВП № 1")
    page.fill("#id_destination", "кабінет 12, ВП № 1")
    record_entry(page, "movement_out")
    expect(page.locator("h1 + div .badge", has_text="out of cell")).to_be_visible()

    page.locator("#add-entry").click()
    expect(menu.get_by_role("link", name="Taken out of the cell")).to_have_count(0)  # already out
    menu.get_by_role("link", name="Returned to the cell").click()
    page.fill("#id_condition", "Задовільний, скарг немає.")
    record_entry(page, "movement_return")
    expect(page.locator("h1 + div .badge", has_text="out of cell")).to_have_count(0)
    shot(page, screenshots_dir, "07-record-after-entries")

    # --- Release. ---------------------------------------------------------------------------
    page.get_by_role("link", name="Release or transfer").click()
    expect(page).to_have_url(re.compile(r"/release/$"))
    page.check("input[name='outcome'][value='released']")
    page.select_option("#id_destination", "freedom")
    page.fill("#id_legal_ground", "Ст. 211 КПК: повідомлення про підозру не вручено")
    page.select_option("#id_property", "all_returned")
    page.check("#id_property_signed")
    page.fill("#id_condition", "Задовільний")
    shot(page, screenshots_dir, "08-release-form")
    page.get_by_role("button", name="Close the record").click()

    expect(page).to_have_url(record_url)
    expect(page.locator(".alert-success")).to_have_text(f"Record {record_number} closed.")
    expect(page.locator("h1 + div .badge").first).to_have_text("Released")
    expect(page.locator("li.timeline-item.kind-release h3")).to_have_text("Released or transferred")
    expect(page.get_by_role("link", name="Release or transfer")).to_have_count(0)
    shot(page, screenshots_dir, "09-record-released")
    expect(page.get_by_role("link", name=re.compile(r"^Correct\b")).first).to_be_visible()  # the duty officer may
    log_out(page)

    # --- The prosecutor finds the record and reads it. --------------------------------------
    log_in(page, "prosecutor")
    page.goto(f"/records/?status=&q={surname}")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(full_name)
    expect(rows).to_contain_text("Released")
    shot(page, screenshots_dir, "10-prosecutor-finds-record")
    rows.get_by_role("link", name=record_number).click()

    expect(page).to_have_url(record_url)
    expect(page.locator("h1")).to_have_text(full_name)
    entries = page.locator("li.timeline-item")
    expect(entries).to_have_count(len(JOURNEY_KINDS))
    expect(entries.locator("h3")).to_have_text(
        [re.compile(rf"^{re.escape(label)}") for label in JOURNEY_KINDS.values()]
    )
    expect(page.locator("#h-timeline .badge")).to_have_text(str(len(JOURNEY_KINDS)))
    expect(page.locator("#add-entry")).to_have_count(0)
    expect(page.get_by_role("link", name="Release or transfer")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Correct\b"))).to_have_count(0)
    expect(page.get_by_role("link", name="Change history")).to_be_visible()
    shot(page, screenshots_dir, "11-prosecutor-reads-record")

    # --- ... and cannot write to it, by page or by request. ---------------------------------
    for path in ("entries/note/", "release/"):
        response = page.goto(f"{record_url}{path}")
        assert response.status == 403, f"{path}: prosecutor got HTTP {response.status}"

    csrf_token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    _now, now_value = local_minute(hours_ago=0)
    attempts = {
        "entries/note/": {"occurred_at": now_value, "text": "Спроба запису прокурором"},
        "release/": {
            "occurred_at": now_value,
            "outcome": "released",
            "destination": "freedom",
            "legal_ground": "—",
            "property": "all_returned",
            "condition": "—",
        },
    }
    for path, data in attempts.items():
        response = page.request.post(
            f"{record_url}{path}",
            form={"csrfmiddlewaretoken": csrf_token, **data},
            headers={"Referer": record_url},
            max_redirects=0,
        )
        assert response.status == 403, f"POST {path}: prosecutor got HTTP {response.status}"
        assert "CSRF" not in response.text(), "refused for the CSRF token, not for lack of permission"

    page.goto(record_url)
    expect(page.locator("li.timeline-item")).to_have_count(len(JOURNEY_KINDS))
    expect(page.locator("#h-timeline .badge")).to_have_text(str(len(JOURNEY_KINDS)))

    assert browser_errors == []
