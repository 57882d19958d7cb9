"""A risk re-assessment changes how often the detainee must be checked, from then on."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from custody.norms.models import Norm
from detainees import obligations, services
from detainees.models import EntryKind

from .conftest import person_data, record_data

NOW = timezone.datetime(2026, 11, 27, 15, 0, tzinfo=timezone.get_fixed_timezone(120))


@time_machine.travel(NOW, tick=False)
def test_finding_the_detainee_intoxicated_halves_the_check_interval(duty_officer, facility):
    record = services.book_in(
        actor=duty_officer,
        person_data=person_data(),
        record_data=record_data(facility, detained_at=NOW - timedelta(hours=2), arrived_at=NOW - timedelta(hours=1)),
    )
    services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.CHECK,
        occurred_at=NOW - timedelta(minutes=5),
        details={"state": "awake"},
    )
    services.add_entry(
        record=record,
        actor=duty_officer,
        kind=EntryKind.RISK_REVIEW,
        occurred_at=NOW,
        details={"observation_level": "2", "intoxicated": True, "reason": "Запах алкоголю, хитка хода"},
    )
    record.refresh_from_db()
    assert (record.observation_level, record.is_intoxicated) == ("2", True)

    norms = list(Norm.objects.filter(profile=facility.norm_profile))
    owed = obligations.compute(record, list(record.entries.all()), norms, NOW)
    check = next(o for o in owed if o.action_kind == EntryKind.CHECK)
    assert check.key == "checks-intoxicated"
    assert check.due_at == NOW - timedelta(minutes=5) + timedelta(minutes=30)
