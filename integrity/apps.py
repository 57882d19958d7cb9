from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity of the history")

    def ready(self):
        from django.core import checks

        from .checks import signing_key

        checks.register(signing_key, checks.Tags.security, deploy=True)
