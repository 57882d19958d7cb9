"""A person detained on a court ruling (CPC art. 191) is already a suspect: no notice of suspicion is owed.

The notice within 24 hours (CPC art. 278 part 2) concerns a person detained without a ruling
(CPC art. 208); a detention on a ruling to bring the person to court runs to the 36-hour limit
of delivery to the court (CPC art. 191 part 1, norm `court-ruling-36h`). Norms are data and a
version in force is never edited, so this adds a new version of `suspicion-notice` that leaves
out `court_ruling`, in force from 4 December 2026; everything else is copied from the version
in force. The past versions stay as they were: a detention that started before that day keeps
the obligations it was computed with (a deadline takes the version in force on its anchor's
date).
"""

from datetime import date

from django.db import migrations

KEY = "suspicion-notice"
IN_FORCE_FROM = date(2026, 12, 4)
APPLIES_TO = {"all": ["criminal"], "none": ["court_ruling"]}
COPIED = [
    "title",
    "title_uk",
    "rule",
    "value",
    "unit",
    "interval",
    "anchor",
    "threshold_hours",
    "group",
    "met_by",
    "trigger",
    "citation",
    "citation_uk",
]


def add_version(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    current = Norm.objects.filter(profile__code="ua", key=KEY, effective_from__lt=IN_FORCE_FROM).order_by(
        "-effective_from"
    )
    source = current.first()
    if source is None:
        return
    Norm.objects.get_or_create(
        profile=source.profile,
        key=KEY,
        effective_from=IN_FORCE_FROM,
        defaults={"applies_to": APPLIES_TO, **{name: getattr(source, name) for name in COPIED}},
    )


def remove_version(apps, schema_editor):
    apps.get_model("norms", "Norm").objects.filter(profile__code="ua", key=KEY, effective_from=IN_FORCE_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("norms", "0006_norms_in_ukrainian")]
    operations = [migrations.RunPython(add_version, remove_version)]
