from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("External oversight")

    def ready(self):
        from django.core import checks

        from . import checks as oversight_checks

        checks.register(oversight_checks.pseudonym_key, checks.Tags.security, deploy=True)
