"""Create the chain heads, seal every row written before the chain existed, protect the tables."""

from django.db import migrations
from django.utils import timezone

from custody.lib.appendonly import AppendOnly

GENESIS = "0" * 64


def seal_existing(apps, schema_editor):
    from oversight.chain import FORMATS, link_hash

    ChainHead = apps.get_model("oversight", "ChainHead")
    Seal = apps.get_model("oversight", "Seal")
    sources = {"timeline": apps.get_model("detainees", "TimelineEntry"), "audit": apps.get_model("auditlog", "LogEntry")}
    now = timezone.now()
    for chain, model in sources.items():
        columns = FORMATS[1][chain]
        seq, previous, seals = 0, GENESIS, []
        for row in model.objects.order_by("pk").values(*columns).iterator(chunk_size=2000):
            seq += 1
            previous = link_hash(chain, seq, previous, row)
            seals.append(Seal(chain=chain, seq=seq, object_id=row["id"], hash=previous, sealed_at=now, version=1))
        Seal.objects.bulk_create(seals, batch_size=2000)
        ChainHead.objects.create(chain=chain, seq=seq, hash=previous, at=now if seq else None)


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_seal_format_version"),
        ("detainees", "0004_alter_timelineentry_kind"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        AppendOnly("oversight_seal"),
        AppendOnly("oversight_verification"),
        AppendOnly("oversight_accessevent"),
        AppendOnly("oversight_chainhead", refuse=("DELETE",)),
        AppendOnly("oversight_namedaccessgrant", refuse=("DELETE",)),
        AppendOnly("oversight_monitoringvisit", refuse=("DELETE",)),
    ]
