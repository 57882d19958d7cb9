"""The database itself refuses to rewrite history, whatever client connects to it."""

from django.db import migrations

from custody.lib.appendonly import AppendOnly


class Migration(migrations.Migration):
    dependencies = [
        ("detainees", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        AppendOnly("detainees_timelineentry", refuse=("UPDATE", "DELETE")),
        AppendOnly("auditlog_logentry", refuse=("UPDATE", "DELETE")),
        # Records change status, people get a document added, but neither ever disappears.
        AppendOnly("detainees_custodyrecord", refuse=("DELETE",)),
        AppendOnly("detainees_person", refuse=("DELETE",)),
    ]
