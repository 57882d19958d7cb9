"""A medical examination is owed after every request for one."""

from datetime import date
from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    NormProfile = apps.get_model("norms", "NormProfile")
    profile = NormProfile.objects.get(code="ua")
    Norm.objects.get_or_create(
        profile=profile,
        key="medical-on-request",
        effective_from=date(2012, 11, 20),
        defaults={
            "title": "Medical examination after a request",
            "rule": "follow_up",
            "value": Decimal(2),
            "unit": "hours",
            "trigger": {"kinds": ["medical_request"]},
            "met_by": {"kinds": ["medical_exam"]},
            "citation": "CPC art. 206 part 6; CPT/Inf(2002)15 §38 (access to a doctor)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("norms", "0003_norm_trigger")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
