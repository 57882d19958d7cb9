"""A norm names only kinds, details, values and conditions that exist: a typo would silently never match."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from custody.norms.models import Norm, NormProfile, Rule, Unit


def norm(**overrides):
    fields = {
        "profile": NormProfile.objects.get(code="ua"),
        "key": "test-norm",
        "title": "Test norm",
        "title_uk": "Тестова норма",
        "rule": Rule.DEADLINE,
        "value": Decimal(1),
        "unit": Unit.HOURS,
        "citation": "Test art. 1",
        "citation_uk": "Тест ст. 1",
        "effective_from": timezone.localdate() + timedelta(days=30),
        **overrides,
    }
    return Norm(**fields)


def refusal(field, **overrides):
    with pytest.raises(ValidationError) as refused:
        norm(**overrides).full_clean()
    return " ".join(refused.value.message_dict[field])


def test_a_misspelt_detail_value_is_refused_naming_it(db):
    met_by = {"kinds": ["notification"], "details": {"recipient": ["legal_aid"], "result": ["deliverd"]}}
    assert refusal("met_by", met_by=met_by) == "No entry of these kinds records result: deliverd."


def test_a_misspelt_detail_field_is_refused_naming_it(db):
    met_by = {"kinds": ["notification"], "details": {"reslt": ["delivered"]}}
    assert "reslt" in refusal("met_by", met_by=met_by)


def test_a_detail_of_another_kind_is_refused(db):
    met_by = {"kinds": ["notification"], "details": {"state": ["awake"]}}
    assert "state" in refusal("met_by", met_by=met_by)


def test_detail_values_are_a_list(db):
    met_by = {"kinds": ["notification"], "details": {"result": "delivered"}}
    assert "result" in refusal("met_by", met_by=met_by)


def test_a_yes_or_no_detail_is_met_by_true_or_false_only(db):
    assert "declined: yes" in refusal("met_by", met_by={"kinds": ["exercise"], "details": {"declined": ["yes"]}})
    norm(met_by={"kinds": ["exercise"], "details": {"declined": [True]}}).full_clean()


def test_a_detail_any_of_the_kinds_records_is_accepted(db):
    norm(met_by={"kinds": ["check", "meal"], "details": {"state": ["roused"], "outcome": ["eaten"]}}).full_clean()


def test_a_misspelt_entry_kind_is_refused_naming_it(db):
    assert "notificaton" in refusal("met_by", met_by={"kinds": ["notificaton"]})


def test_a_misspelt_condition_is_refused_naming_it(db):
    assert "minr" in refusal("applies_to", met_by={"kinds": ["rights"]}, applies_to={"all": ["minr"]})


def test_a_misspelt_trigger_kind_is_refused_naming_it(db):
    message = refusal(
        "trigger", rule=Rule.FOLLOW_UP, met_by={"kinds": ["medical_exam"]}, trigger={"kinds": ["medical_reqest"]}
    )
    assert "medical_reqest" in message


def test_every_norm_shipped_names_only_known_values(db):
    for shipped in Norm.objects.all():
        shipped.pk = None
        shipped.effective_from = timezone.localdate() + timedelta(days=30)
        shipped.full_clean()


def test_the_refusal_is_in_the_administrators_language(db):
    met_by = {"kinds": ["notification"], "details": {"result": ["deliverd"]}}
    with translation.override("uk"):
        message = refusal("met_by", met_by=met_by)
    assert "result: deliverd" in message
    assert message != "No entry of these kinds records result: deliverd."


def test_the_admin_refuses_a_typo_and_names_it(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:norms_norm_add"),
        {
            "profile": NormProfile.objects.get(code="ua").pk,
            "key": "legal-aid",
            "title": "Free legal aid centre notified",
            "rule": Rule.DEADLINE,
            "value": "1",
            "unit": Unit.HOURS,
            "anchor": "detained_at",
            "applies_to": "{}",
            "met_by": json.dumps({"kinds": ["notification"], "details": {"result": ["deliverd"]}}),
            "trigger": "{}",
            "citation": "CPC art. 213",
            "effective_from": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "result: deliverd" in response.content.decode()
    assert not Norm.objects.filter(key="legal-aid", effective_from__gt=timezone.localdate()).exists()
