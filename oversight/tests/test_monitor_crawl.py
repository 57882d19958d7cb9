"""A monitor crawling every page and export they can reach finds no planted identity.

A person is booked in with a planted name, document number and date of birth, and the same
values are written into free text everywhere an officer, medic or inspector could type them
(notes, notifications, interviews, injuries, a correction, a finding and its events, a visit).
The crawl follows every link from the monitor's start pages, downloads every CSV and JSON
export it finds, and asserts none of the planted values appears anywhere.
"""

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from detainees import services
from detainees.models import EntryKind
from detainees.tests.conftest import person_data, record_data
from inspections import services as inspections
from oversight.readlog.identity import pseudonym

SURNAME, GIVEN, PATRONYMIC = "Залізнякова", "Ядвіга", "Пантелеймонівна"
DOCUMENT = "ЖК918273"
BORN = date(1961, 2, 3)
PLANTED = [SURNAME, GIVEN, PATRONYMIC, DOCUMENT, "03.02.1961", "1961-02-03", "03/02/1961", "12026139876543210"]
START = [
    "/",
    "/oversight/",
    "/records/?status=",
    "/records/board/",
    "/facilities/",
    "/inspections/findings/",
    "/oversight/statistics/",
    "/oversight/visits/",
    "/oversight/access-log/",
]
SKIP = ("/logout/", "/language/", "/static/", "/admin/", "/login/")


@pytest.fixture
def planted(facility, cell, duty_officer, medic, inspector, monitor):
    now = timezone.now()
    record = services.book_in(
        actor=duty_officer,
        person_data=person_data(
            surname=SURNAME, given_name=GIVEN, patronymic=PATRONYMIC, date_of_birth=BORN, document_number=DOCUMENT
        ),
        record_data=record_data(
            facility,
            case_number="12026139876543210",
            grounds=f"{SURNAME} {GIVEN} затримана на місці",
            risk_notes=f"{SURNAME} нервує",
            detention_place=f"вул. {SURNAME}а, 1",
        ),
    )
    name = f"{SURNAME} {GIVEN} {PATRONYMIC}, {DOCUMENT}, нар. 03.02.1961"
    at = now - timedelta(minutes=50)
    services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.PLACEMENT,
        occurred_at=at,
        cell=cell,
        details={"note": name} if False else {},
    )
    note = services.add_entry(
        record=record, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=at, details={"text": name}
    )
    services.correct_entry(
        entry=note,
        actor=duty_officer,
        occurred_at=at,
        details={"text": "виправлено"},
        reason=f"Помилка в імені {SURNAME}",
    )
    services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.NOTIFICATION,
        occurred_at=at,
        details={
            "recipient": "relative",
            "recipient_name": f"{SURNAME} Петро",
            "method": "phone",
            "contact": DOCUMENT,
            "result": "delivered",
            "note": name,
        },
    )
    services.add_entry(
        record=record,
        actor=medic,
        kind=EntryKind.INJURY,
        occurred_at=at,
        details={
            "detainee_statement": name,
            "objective_findings": name,
            "body_regions": ["head"],
            "consistency": "consistent",
            "opinion": name,
            "photographed": True,
        },
    )
    services.add_entry(
        record=record,
        actor=inspector,
        kind=EntryKind.INTERVIEW_DETAINEE,
        occurred_at=at,
        details={
            "in_private": True,
            "language": "українська",
            "interpreter": "",
            "detention_complaints": name,
            "treatment_complaints": name,
            "injuries_reported": False,
            "injuries_description": "",
            "requests": name,
            "request_medical": False,
        },
    )
    finding = inspections.record_finding(
        actor=inspector,
        facility=facility,
        record=record,
        severity="high",
        description=f"{SURNAME} {GIVEN} ({DOCUMENT}, 03.02.1961) без адвоката",
    )
    inspections.refer_finding(finding=finding, actor=inspector, note=f"Щодо {SURNAME}")
    # Another monitor's visit that interviewed her, with her name in the summary, and its finding.
    from custody.accounts.roles import Role
    from custody.accounts.tests.factories import UserFactory
    from oversight.visits import services as visits

    colleague = UserFactory(role=Role.MONITOR, regions=[facility.region])
    visit = visits.log_visit(
        actor=colleague,
        facility=facility,
        started_at=now - timedelta(minutes=20),
        ended_at=now - timedelta(minutes=5),
        announced=False,
        detainees=[record],
        staff_interviewed=2,
        cells=[cell],
        summary=f"Розмовляли з {SURNAME} {GIVEN}",
    )
    inspections.record_finding(
        actor=colleague,
        facility=facility,
        record=record,
        visit=visit,
        severity="medium",
        description=f"{SURNAME} скаржиться на холод",
    )
    return record


def crawl(client):
    seen, queue, bodies = set(), list(START), {}
    while queue and len(seen) < 400:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or any(path.startswith(s) for s in SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig", errors="replace")
        bodies[url] = text
        if "html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="([^"#]+)', text):
                target = urljoin(url, unescape(href))
                if target.startswith("/") and target not in seen:
                    queue.append(target)
    return bodies


def test_no_page_or_export_a_monitor_can_reach_shows_a_planted_identity(client, planted, monitor, prosecutor):
    client.force_login(monitor)
    bodies = crawl(client)
    reached = " ".join(bodies)
    print(f"crawled {len(bodies)} pages and exports")
    # The crawl really reached the pages that show this person (it is not vacuous).
    for must in (
        planted.get_absolute_url(),
        f"/records/{planted.pk}/history/",
        f"/records/{planted.pk}/print/",
        "/oversight/export/records.csv",
        "/oversight/export/obligations.csv",
        "/inspections/findings/",
    ):
        assert must in reached, f"the crawl never reached {must}"
    assert any(url.startswith("/inspections/findings/") and url.rstrip("/").split("/")[-1].isdigit() for url in bodies)
    assert any(url.startswith("/oversight/visits/") and url.rstrip("/").split("/")[-1].isdigit() for url in bodies)
    assert pseudonym(planted.person_id) in bodies[planted.get_absolute_url()]

    leaks = [(url, value) for url, body in bodies.items() for value in PLANTED if value in unescape(body)]
    assert leaks == [], "\n".join(f"{u}: {v}" for u, v in leaks)

    # The same crawl by a prosecutor does find the name: the planted values are really on the pages.
    client.force_login(prosecutor)
    assert SURNAME in unescape(client.get(planted.get_absolute_url()).content.decode())
