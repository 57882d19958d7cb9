"""`{% error_summary form other_form formset %}`: the summary a refused form shows at its top."""

from django import template
from django.utils.translation import gettext_lazy as _

from custody.lib.forms import error_summary as summary

register = template.Library()


@register.inclusion_tag("partials/error_summary.html")
def error_summary(*forms, title=None):
    # The summary lists the whole-form refusals; the form itself then shows them no second time
    # (templates/bootstrap5/errors.html).
    for form in forms:
        if hasattr(form, "errors"):
            form.errors_summarised = True
    return {"errors": summary(*forms), "title": title or _("Nothing was saved. Please correct:")}
