"""Property: whatever is typed into an entry form, the form answers with errors or the service
writes exactly one entry (with its medical request, for an interview) — never an exception, never
half a write.
"""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from custody.lib import access
from detainees import services
from detainees.kinds import SPECS
from detainees.models import EntryKind, TimelineEntry
from integrity.models import Leaf

MANUAL = [spec for spec in SPECS.values() if spec.manual]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=80)
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def typed(field, name):
    """What a person (or a script) might send for one field: a plausible value or anything at all."""
    plausible = []
    if isinstance(field, forms.ChoiceField):
        plausible = [str(value) for value, _label in field.choices if not isinstance(_label, (list, tuple))]
    elif isinstance(field, forms.BooleanField):
        plausible = ["on", ""]
    elif isinstance(field, forms.DateTimeField):
        now = timezone.localtime()
        plausible = [(now - timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M") for m in (1, 30, 600)]
        plausible += [(now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "2000-01-01T00:00", "31.02.2026 25:61"]
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        plausible = ["0", "1", "-5", "1e9", "12.5"]
    elif isinstance(field, forms.CharField):
        plausible = ["Петренко І. І.", "ok", " "]
    options = st.sampled_from(plausible) if plausible else TEXT
    # Nine times in ten a plausible value, so that whole forms pass and the services' own rules
    # are reached; else anything at all, or nothing.
    anything = st.one_of(TEXT, st.just(""))
    return st.tuples(st.integers(0, 9), options, anything).map(lambda t: (name, t[1] if t[0] else t[2]))


def posted(spec, record, user):
    fields = spec.form(record=record, user=user).fields
    return st.tuples(*(typed(field, name) for name, field in fields.items())).map(dict)


def writer_for(spec, personas):
    return next(user for user in personas if access.may_record(user, spec))


def written():
    return TimelineEntry.objects.count(), LogEntry.objects.count(), Leaf.objects.count()


@pytest.mark.parametrize("spec", MANUAL, ids=[spec.kind for spec in MANUAL])
def test_any_input_to_an_entry_form_gives_errors_or_exactly_one_entry(spec, booked, duty_officer, medic, inspector):
    actor = writer_for(spec, [duty_officer, medic, inspector])

    @PROPERTY
    @given(data=st.data())
    def check(data):
        record = type(booked).objects.get(pk=booked.pk)
        form = spec.form(data.draw(posted(spec, record, actor)), record=record, user=actor)
        if not form.is_valid():
            event("the form refused it")
            assert form.errors
            return
        details = form.details()
        if spec.has_items:
            details["items"] = []
        before = written()
        try:
            entry = services.add_entry(
                record=record,
                actor=actor,
                kind=spec.kind,
                occurred_at=form.cleaned_data["occurred_at"],
                details=details,
                cell=form.cleaned_data.get("cell"),
            )
        except ValidationError as refusal:
            event("the service refused it")
            assert refusal.messages
            assert written() == before, "a refused entry wrote something"
        else:
            event("one entry written")
            assert entry.kind == spec.kind and entry.author == actor
            followers = TimelineEntry.objects.filter(related=entry, kind=EntryKind.MEDICAL_REQUEST).count()
            assert written()[0] - before[0] == 1 + followers
            assert followers == 0 or spec.kind == EntryKind.INTERVIEW_DETAINEE

    check()
