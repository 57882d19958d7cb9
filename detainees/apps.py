from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetaineesConfig(AppConfig):
    name = "detainees"
    verbose_name = _("Custody records")

    def ready(self):
        from django.db.models.signals import post_migrate

        from custody.lib.appendonly import reinstall_after_migrate

        post_migrate.connect(reinstall_after_migrate, dispatch_uid="appendonly.reinstall")
