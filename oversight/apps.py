from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("External oversight")

    def ready(self):
        from django.core import checks

        from detainees.signals import record_changed

        from . import checks as oversight_checks
        from .stats import services as summaries

        record_changed.connect(summaries.on_record_changed, dispatch_uid="oversight.summaries")
        checks.register(oversight_checks.pseudonym_key, checks.Tags.security, deploy=True)
