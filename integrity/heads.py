"""Signed tree heads: the log's size and root at a moment, signed with the system's Ed25519 key.

The private key comes from the environment (`INTEGRITY_SIGNING_KEY`, base64 of a 32-byte
seed); whoever holds the matching public key can check a head, and every inclusion proof
against it, without the database (`integrity/verifier.py`). `sign_all` runs every few minutes
and at each shift change (`manage.py sign_tree_heads`) and on demand from the integrity page.
"""

import base64
import hashlib
from datetime import timezone as dt_timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
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
    return moment.astimezone(dt_timezone.utc).isoformat(timespec="microseconds")


def message(log_key, size, root, timestamp):
    """The exact bytes a head's signature covers (the offline verifier builds the same)."""
    return f"custody-records tree head v1\n{log_key}\n{size}\n{root}\n{timestamp}\n".encode()


def sign_all(*, by=None):
    """Sign a new head for every log that grew since its last head; returns the new heads."""
    key = _private_key()
    kid = key_id(key.public_key())
    latest = TreeHead.objects.filter(log=OuterRef("pk")).order_by("-size").values("size")[:1]
    grown = Log.objects.annotate(signed=Subquery(latest)).exclude(size=0).order_by("key")
    now = timezone.now()
    heads = [
        TreeHead(log=log, size=log.size, root=log.root, timestamp=now, key_id=kid, signed_by=by,
                 signature=base64.b64encode(key.sign(message(log.key, log.size, log.root, stamp(now)))).decode())
        for log in grown if log.signed is None or log.signed < log.size
    ]
    return TreeHead.objects.bulk_create(heads)


def signature_valid(head, key=None, log_key=None):
    """Whether `head` (a TreeHead or a dict from a heads file) carries a valid signature by `key`."""
    key = key or public_key()
    if isinstance(head, TreeHead):
        log_key, size, root, timestamp, signature = head.log.key, head.size, head.root, stamp(head.timestamp), head.signature
    else:
        log_key, size, root, timestamp, signature = (head["log"], head["size"], head["root"], head["timestamp"],
                                                     head["signature"])
    try:
        key.verify(base64.b64decode(signature, validate=True), message(log_key, size, root, timestamp))
    except (InvalidSignature, ValueError):
        return False
    return True


def as_dict(head):
    return {"log": head.log.key, "size": head.size, "root": head.root, "timestamp": stamp(head.timestamp),
            "key_id": head.key_id, "signature": head.signature}


def latest(log):
    return TreeHead.objects.filter(log=log).order_by("-size", "-timestamp").select_related("log").first()


def load_public_key(pem):
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key
