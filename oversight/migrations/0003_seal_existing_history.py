"""Create the chain heads, seal every row written before the chain existed, protect the tables."""

import hashlib
import json
from datetime import UTC, datetime

from django.db import migrations
from django.utils import timezone

from custody.lib.appendonly import AppendOnly

GENESIS = "0" * 64


# The old chain's link, frozen here since the chain itself gave way to the logs (integrity 0002).
COLUMNS = {
    "timeline": [
        "id",
        "record_id",
        "kind",
        "occurred_at",
        "recorded_at",
        "author_id",
        "details",
        "cell_id",
        "related_id",
        "corrects_id",
        "correction_reason",
    ],
    "audit": [
        "id",
        "content_type_id",
        "object_pk",
        "object_id",
        "object_repr",
        "serialized_data",
        "action",
        "changes_text",
        "changes",
        "actor_id",
        "cid",
        "remote_addr",
        "remote_port",
        "timestamp",
        "additional_data",
        "actor_email",
    ],
}


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def link_hash(chain, seq, previous, row):
    canonical = json.dumps(
        {k: _plain(v) for k, v in row.items()}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(f"{chain}|{seq}|{previous}|{canonical}".encode()).hexdigest()


def seal_existing(apps, schema_editor):
    ChainHead = apps.get_model("oversight", "ChainHead")
    Seal = apps.get_model("oversight", "Seal")
    sources = {
        "timeline": apps.get_model("detainees", "TimelineEntry"),
        "audit": apps.get_model("auditlog", "LogEntry"),
    }
    now = timezone.now()
    for chain, model in sources.items():
        columns = COLUMNS[chain]
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
