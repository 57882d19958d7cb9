from django.conf import settings
from django.core.checks import Error


def signing_key(app_configs=None, **kwargs):
    """Tree heads are evidence only if signed with a key of our own, never the published demo key."""
    from django.core.exceptions import ImproperlyConfigured

    from . import heads

    if not settings.INTEGRITY_SIGNING_KEY:
        return [
            Error(
                "INTEGRITY_SIGNING_KEY is not set.",
                id="integrity.E001",
                hint="Set it to base64 of 32 random bytes kept outside the database (see .env.example).",
            )
        ]
    try:
        key = heads.public_key()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="integrity.E002")]
    if heads.raw(key) == heads.raw(heads.Ed25519PrivateKey.from_private_bytes(heads.DEMO_SEED).public_key()):
        return [
            Error(
                "INTEGRITY_SIGNING_KEY is the published demo key.",
                id="integrity.E003",
                hint="Generate a key of your own (README, Integrity).",
            )
        ]
    return []
