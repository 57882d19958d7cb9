"""Form helpers shared by the apps' forms and views."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.text import capfirst


def datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        **kwargs,
    )


def local_now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class CrispyMixin:
    """Render through crispy without a <form> tag: templates own the form element."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels are lower-case so the timeline can use them mid-sentence; forms start with a capital.
        for field in self.fields.values():
            field.label = capfirst(field.label)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def apply_errors(error, *forms):
    """Put a service's ValidationError onto the form fields it names, or the first form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = next((f for f in forms if field in f.fields), forms[0])
            for e in errors:
                target.add_error(field if field in target.fields else None, e)
    else:
        for message in error.messages:
            forms[0].add_error(None, message)
