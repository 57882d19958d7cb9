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


def error_summary(*forms):
    """Every error of these forms and formsets as (label, message, href): what a refusal's summary lists.

    Non-field errors first (a service's refusal of the whole change), then each field's errors
    prefixed by its label and linked to the field (`#id_…`), in the order the fields appear.
    Formset rows are numbered as the page numbers them. Anything else (a template's missing
    variable, `None`) stands for a form the page does not show.
    """
    lines = []
    for form in forms:
        if not hasattr(form, "errors"):
            continue
        if hasattr(form, "forms"):  # a formset
            lines += [("", str(message), "") for message in form.non_form_errors()]
            for number, row in enumerate(form.forms, start=1):
                lines += _form_errors(row, number)
        else:
            lines += _form_errors(form)
    return lines


def _form_errors(form, number=None):
    lines = [("", str(message), "") for message in form.non_field_errors()]
    for field in form:
        label = capfirst(field.label) if number is None else f"{capfirst(field.label)} {number}"
        href = "" if field.is_hidden else f"#{field.id_for_label}"
        lines += [(label, str(message), href) for message in field.errors]
    return lines
