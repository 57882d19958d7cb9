from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmitsConfig(AppConfig):
    name = "custody.submits"
    label = "submits"
    verbose_name = _("Sent forms")
