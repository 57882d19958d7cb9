from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("External oversight")

    def ready(self):
        from auditlog.models import LogEntry
        from django.core import checks
        from django.db.models.signals import post_save

        from custody.lib import audit
        from detainees.models import TimelineEntry
        from detainees.signals import record_changed

        from . import chain, checks as oversight_checks, summaries

        post_save.connect(chain.on_timeline_saved, sender=TimelineEntry, dispatch_uid="oversight.seal.timeline")
        post_save.connect(chain.on_audit_saved, sender=LogEntry, dispatch_uid="oversight.seal.audit")
        record_changed.connect(summaries.on_record_changed, dispatch_uid="oversight.summaries")
        if chain.lock_heads not in audit.on_write_start:
            audit.on_write_start.append(chain.lock_heads)
        checks.register(oversight_checks.pseudonym_key, checks.Tags.security, deploy=True)
