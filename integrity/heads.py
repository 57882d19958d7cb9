"""Signed tree heads: the log's size and root at a moment, signed with the system's Ed25519 key.

The private key comes from the environment (`INTEGRITY_SIGNING_KEY`, base64 of a 32-byte
seed); whoever holds the matching public key can check a head, and every inclusion proof
against it, without the database (`integrity/verifier.py`). `sign_all` runs every few minutes
and at each shift change (`manage.py sign_tree_heads`) and on demand from the integrity page.
"""

import base64
import hashlib
from datetime import UTC

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .models import Log, TreeHead

# Published in the README: good for a demo and the tests, worthless as evidence.
DEMO_SEED = hashlib.sha256(b"custody-records demo signing key - never in production").digest()


def _private_key():
    configured = settings.INTEGRITY_SIGNING_KEY
    if not configured:
        if not settings.DEBUG:
            raise ImproperlyConfigured("INTEGRITY_SIGNING_KEY is not set: tree heads cannot be signed.")
        return Ed25519PrivateKey.from_private_bytes(DEMO_SEED)
    try:
        seed = base64.b64decode(configured, validate=True)
        return Ed25519PrivateKey.from_private_bytes(seed)
    except ValueError:
        raise ImproperlyConfigured("INTEGRITY_SIGNING_KEY must be base64 of a 32-byte Ed25519 seed.") from None


def public_key():
    return _private_key().public_key()


def raw(key):
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(key=None):
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(key):
    return hashlib.sha256(raw(key)).hexdigest()[:16]


def stamp(moment):
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def message(log_key, size, root, timestamp):
    """The exact bytes a head's signature covers (the offline verifier builds the same)."""
    return f"custody-records tree head v1\n{log_key}\n{size}\n{root}\n{timestamp}\n".encode()


def _latest_of_each_log():
    """The newest signed head of the log `OuterRef("pk")` (for a subquery over logs)."""
    return TreeHead.objects.filter(log=OuterRef("pk")).order_by("-size", "-timestamp")


def with_latest_head(logs):
    """`logs` annotated with the size, time and id of each one's newest signed head (one query)."""
    latest = _latest_of_each_log()
    return logs.annotate(
        head_size=Subquery(latest.values("size")[:1]),
        head_at=Subquery(latest.values("timestamp")[:1]),
        head_id=Subquery(latest.values("pk")[:1]),
    )


def sign_all(*, by=None):
    """Sign a new head for every log that grew since its last head; returns the new heads."""
    key = _private_key()
    kid = key_id(key.public_key())
    grown = with_latest_head(Log.objects.exclude(size=0)).order_by("key")
    now = timezone.now()
    heads = [
        TreeHead(
            log=log,
            size=log.size,
            root=log.root,
            timestamp=now,
            key_id=kid,
            signed_by=by,
            signature=base64.b64encode(key.sign(message(log.key, log.size, log.root, stamp(now)))).decode(),
        )
        for log in grown
        if log.head_size is None or log.head_size < log.size
    ]
    return TreeHead.objects.bulk_create(heads)


def latest_heads():
    """The newest signed head of every log, in log order."""
    ids = with_latest_head(Log.objects.all()).values("head_id")
    return TreeHead.objects.filter(pk__in=ids).select_related("log").order_by("log__key")


def signature_valid(head, key=None):
    """Whether `head` (a TreeHead or a dict from a heads file) carries a valid signature by `key`."""
    key = key or public_key()
    if isinstance(head, TreeHead):
        head = as_dict(head)
    try:
        key.verify(
            base64.b64decode(head["signature"], validate=True),
            message(head["log"], head["size"], head["root"], head["timestamp"]),
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def as_dict(head):
    return {
        "log": head.log.key,
        "size": head.size,
        "root": head.root,
        "timestamp": stamp(head.timestamp),
        "key_id": head.key_id,
        "signature": head.signature,
    }


def latest(log):
    return TreeHead.objects.filter(log=log).order_by("-size", "-timestamp").select_related("log").first()
