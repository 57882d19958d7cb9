"""A detainee transferred between facilities must arrive: the journey has a time limit."""

from datetime import date
from decimal import Decimal

from django.db import migrations

TITLE = "Transferred detainee accepted at the receiving facility"
TITLE_UK = "Переведену особу прийнято установою призначення"
# Modest on purpose: the escort time is set by the escort schedule of the facilities, not by a
# statute this project could quote to the hour.
CITATION = "Escort schedule of the sending facility (transfer between ITTs)"
CITATION_UK = "Графік конвоювання установи, що передає (переведення між ІТТ)"


def seed(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    NormProfile = apps.get_model("norms", "NormProfile")
    profile = NormProfile.objects.filter(code="ua").first()
    if profile is None:
        return
    defaults = {
        "title": TITLE,
        "title_uk": TITLE_UK,
        "rule": "limit",
        "value": Decimal(12),
        "unit": "hours",
        "citation": CITATION,
        "citation_uk": CITATION_UK,
    }
    Norm.objects.get_or_create(
        profile=profile, key="transfer-arrival", effective_from=date(2012, 11, 20), defaults=defaults
    )


class Migration(migrations.Migration):
    dependencies = [("norms", "0007_suspicion_notice_not_on_a_court_ruling")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
