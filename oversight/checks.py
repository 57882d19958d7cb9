from django.conf import settings
from django.core.checks import Error


def pseudonym_key(app_configs=None, **kwargs):
    """Monitors' pseudonyms are only as secret as their key: production must set one."""
    if settings.PSEUDONYM_KEY:
        return []
    return [
        Error(
            "PSEUDONYM_KEY is not set.",
            hint="Set PSEUDONYM_KEY to a long random value kept apart from the database (see .env.example); "
            "changing it later changes every pseudonym.",
            id="oversight.E001",
        )
    ]
