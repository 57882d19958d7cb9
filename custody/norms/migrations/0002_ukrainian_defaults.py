"""The Ukrainian norms in force, with their citations.

Edited later by administrators as new versions (a later `effective_from`), never in place.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

CPC = date(2012, 11, 20)  # Criminal Procedure Code of 2012 in force
MARTIAL_LAW = date(2022, 3, 15)  # CPC art. 615 as amended for martial law


NORMS = [
    # key, title, rule, value, unit, extra
    (
        "suspicion-notice",
        "Notice of suspicion served",
        "deadline",
        24,
        "hours",
        {
            "applies_to": {"all": ["criminal"]},
            "met_by": {"kinds": ["suspicion_notice"], "closed": True},
            "citation": "CPC art. 278 part 2; art. 209",
            "effective_from": CPC,
        },
    ),
    (
        "court-60h",
        "Brought before the court or released",
        "deadline",
        60,
        "hours",
        {
            "applies_to": {"all": ["criminal"], "none": ["martial_law", "court_ruling"]},
            "met_by": {"kinds": ["movement_out"], "details": {"purpose": ["court"]}, "closed": True},
            "citation": "CPC art. 211 part 2",
            "effective_from": CPC,
        },
    ),
    (
        "limit-72h",
        "Absolute limit of detention without a ruling",
        "deadline",
        72,
        "hours",
        {
            "applies_to": {"all": ["criminal"], "none": ["martial_law", "court_ruling"]},
            "met_by": {"closed": True},
            "citation": "CPC art. 211 part 2; Constitution art. 29",
            "effective_from": CPC,
        },
    ),
    (
        "limit-martial-law",
        "Limit of detention under martial law",
        "deadline",
        216,
        "hours",
        {
            "applies_to": {"all": ["criminal", "martial_law"], "none": ["court_ruling"]},
            "met_by": {"closed": True},
            "citation": "CPC art. 615 part 5",
            "effective_from": MARTIAL_LAW,
        },
    ),
    (
        "court-ruling-36h",
        "Delivered to the court after detention on a ruling",
        "deadline",
        36,
        "hours",
        {
            "applies_to": {"all": ["court_ruling"]},
            "met_by": {"kinds": ["movement_out"], "details": {"purpose": ["court"]}, "closed": True},
            "citation": "CPC art. 191 part 1",
            "effective_from": CPC,
        },
    ),
    (
        "administrative-3h",
        "Limit of administrative detention",
        "deadline",
        3,
        "hours",
        {
            "applies_to": {"all": ["administrative"], "none": ["extended_administrative"]},
            "met_by": {"closed": True},
            "citation": "CAO art. 263 part 1",
            "effective_from": CPC,
        },
    ),
    (
        "administrative-extended",
        "Limit of extended administrative detention",
        "deadline",
        72,
        "hours",
        {
            "applies_to": {"all": ["administrative", "extended_administrative"]},
            "met_by": {"closed": True},
            "citation": "CAO art. 263 parts 2–3",
            "effective_from": CPC,
        },
    ),
    (
        "legal-aid",
        "Free legal aid centre notified",
        "deadline",
        1,
        "hours",
        {
            "met_by": {"kinds": ["notification"], "details": {"recipient": ["legal_aid"], "result": ["delivered"]}},
            "citation": "CPC art. 213 part 1 (immediately); Law on Free Legal Aid art. 14",
            "effective_from": CPC,
        },
    ),
    (
        "relative",
        "Relative or chosen person notified",
        "deadline",
        1,
        "hours",
        {
            "applies_to": {"none": ["minor"]},
            "met_by": {
                "kinds": ["notification"],
                "details": {"recipient": ["relative", "other"], "result": ["delivered", "declined"]},
            },
            "citation": "CPC art. 213 part 1; CAO art. 261 part 2",
            "effective_from": CPC,
        },
    ),
    (
        "parents",
        "Parents or legal representative of a minor notified",
        "deadline",
        1,
        "hours",
        {
            "applies_to": {"all": ["minor"]},
            "met_by": {"kinds": ["notification"], "details": {"recipient": ["parents"], "result": ["delivered"]}},
            "citation": "CPC art. 213 part 2; CAO art. 261 part 2",
            "effective_from": CPC,
        },
    ),
    (
        "guardianship",
        "Guardianship body notified",
        "deadline",
        1,
        "hours",
        {
            "applies_to": {"all": ["minor"]},
            "met_by": {"kinds": ["notification"], "details": {"recipient": ["guardianship"], "result": ["delivered"]}},
            "citation": "CPC art. 213 part 2; CPC art. 484",
            "effective_from": CPC,
        },
    ),
    (
        "consulate",
        "Consulate notified",
        "deadline",
        1,
        "hours",
        {
            "applies_to": {"all": ["foreign_national"]},
            "met_by": {
                "kinds": ["notification"],
                "details": {"recipient": ["consulate"], "result": ["delivered", "declined"]},
            },
            "citation": "CPC art. 213 part 4; Vienna Convention on Consular Relations art. 36",
            "effective_from": CPC,
        },
    ),
    (
        "rights",
        "Rights explained",
        "deadline",
        1,
        "hours",
        {
            "anchor": "arrived_at",
            "met_by": {"kinds": ["rights"]},
            "citation": "CPC art. 208 part 4; CAO art. 261",
            "effective_from": CPC,
        },
    ),
    (
        "intake-medical",
        "Medical examination on admission",
        "deadline",
        1,
        "hours",
        {
            "anchor": "arrived_at",
            "met_by": {"kinds": ["medical_exam"]},
            "citation": "MIA ITT Regulations (examination on admission); CPT/Inf(2002)15 §36",
            "effective_from": CPC,
        },
    ),
    (
        "checks-standard",
        "Observation check",
        "recurring",
        60,
        "minutes",
        {
            "anchor": "arrived_at",
            "interval": 60,
            "group": "checks",
            "met_by": {"kinds": ["check"]},
            "citation": "MIA ITT Regulations (hourly checks); PACE Code C Annex H",
            "effective_from": CPC,
        },
    ),
    (
        "checks-intoxicated",
        "Observation check with rousing",
        "recurring",
        30,
        "minutes",
        {
            "anchor": "arrived_at",
            "interval": 30,
            "group": "checks",
            "applies_to": {"any": ["intoxicated", "observation_2"]},
            "met_by": {"kinds": ["check"], "details": {"state": ["roused", "awake"]}},
            "citation": "PACE Code C 9.3, Annex H (roused every 30 minutes)",
            "effective_from": CPC,
        },
    ),
    (
        "checks-level-3",
        "Observation check, constant observation",
        "recurring",
        15,
        "minutes",
        {
            "anchor": "arrived_at",
            "interval": 15,
            "group": "checks",
            "applies_to": {"any": ["observation_3"]},
            "met_by": {"kinds": ["check"]},
            "citation": "PACE Code C Annex H (level 3)",
            "effective_from": CPC,
        },
    ),
    (
        "checks-level-4",
        "Observation check, close proximity",
        "recurring",
        10,
        "minutes",
        {
            "anchor": "arrived_at",
            "interval": 10,
            "group": "checks",
            "applies_to": {"any": ["observation_4"]},
            "met_by": {"kinds": ["check"]},
            "citation": "PACE Code C Annex H (level 4)",
            "effective_from": CPC,
        },
    ),
    (
        "meals",
        "Meals",
        "daily_count",
        3,
        "count",
        {
            "met_by": {
                "kinds": ["meal"],
                "details": {
                    "meal": ["breakfast", "lunch", "dinner", "special"],
                    "outcome": ["eaten", "partly", "refused"],
                },
            },
            "citation": "MIA ITT Regulations (three meals a day); CPT/Inf(2002)15 §42",
            "effective_from": CPC,
        },
    ),
    (
        "exercise",
        "Daily exercise",
        "daily_minutes",
        60,
        "minutes",
        {
            "threshold_hours": 24,
            "met_by": {"kinds": ["exercise"]},
            "citation": "Law on Pre-trial Detention art. 9; CPT/Inf(2002)15 §48",
            "effective_from": CPC,
        },
    ),
    (
        "rest",
        "Uninterrupted rest",
        "rest",
        8,
        "hours",
        {
            "threshold_hours": 24,
            "met_by": {"kinds": ["movement_out"]},
            "citation": "Law on Pre-trial Detention art. 11 (eight hours of night sleep)",
            "effective_from": CPC,
        },
    ),
    (
        "area-per-person",
        "Floor area per person in a shared cell",
        "limit",
        4,
        "m2",
        {"citation": "CPT/Inf(2015)44 (4 m² per person in a shared cell)", "effective_from": CPC},
    ),
    (
        "night-start",
        "Night time begins",
        "limit",
        22,
        "hour_of_day",
        {"citation": "CPC art. 223 part 4 (night: 22:00–06:00)", "effective_from": CPC},
    ),
    (
        "night-end",
        "Night time ends",
        "limit",
        6,
        "hour_of_day",
        {"citation": "CPC art. 223 part 4 (night: 22:00–06:00)", "effective_from": CPC},
    ),
]


def seed(apps, schema_editor):
    NormProfile = apps.get_model("norms", "NormProfile")
    Norm = apps.get_model("norms", "Norm")
    profile, _ = NormProfile.objects.get_or_create(code="ua", defaults={"name": "Україна"})
    for key, title, rule, value, unit, extra in NORMS:
        extra = dict(extra)
        interval = extra.pop("interval", None)
        threshold = extra.pop("threshold_hours", None)
        Norm.objects.get_or_create(
            profile=profile,
            key=key,
            effective_from=extra.pop("effective_from"),
            defaults={
                "title": title,
                "rule": rule,
                "value": Decimal(value),
                "unit": unit,
                "interval": Decimal(interval) if interval else None,
                "threshold_hours": Decimal(threshold) if threshold else None,
                **extra,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("norms", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
