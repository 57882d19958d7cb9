"""Drop the statistics summaries that counted a release as meeting a notice or a court deadline.

Until now closing a record met every norm marked `met_by.closed`, so a summary could hold "on
time" for a notice of suspicion that was never served. Obligations met by an entry (a notice, a
court appearance) are now met only by that entry: the release ends them (not applicable) or
leaves them not met. The summaries of records owed such a norm are deleted here: the dashboard
and the exports summarise a closed record without a summary live from its timeline, so no figure
is ever stale. Run `manage.py rebuild_summaries --missing` after upgrading to store them again
(the dashboard is slower until then). Reverse: nothing to restore — rebuild instead.
"""

from django.db import migrations


def drop_stale_summaries(apps, schema_editor):
    Norm = apps.get_model("norms", "Norm")
    RecordSummary = apps.get_model("oversight", "RecordSummary")
    keys = sorted(
        {
            norm.key
            for norm in Norm.objects.only("key", "met_by")
            if (norm.met_by or {}).get("closed") and (norm.met_by or {}).get("kinds")
        }
    )
    if not keys:
        return
    stale = RecordSummary.objects.filter(outcomes__has_any_keys=keys)
    count = stale.count()
    stale.delete()
    if count:
        print(f"\n  {count} statistics summaries dropped; run `manage.py rebuild_summaries --missing`.")


class Migration(migrations.Migration):
    dependencies = [
        ("norms", "0004_medical_on_request"),
        ("oversight", "0004_accessevent_facility"),
    ]

    operations = [migrations.RunPython(drop_stale_summaries, migrations.RunPython.noop)]
