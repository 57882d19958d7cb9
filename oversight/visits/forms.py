"""Logging a visit in two steps: where and when (GET), then whom and what was seen (POST).

The people offered are those held at the facility during the visit, so the second step needs
the first; the service checks both again.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from custody.facilities.models import Cell
from custody.lib.forms import CrispyMixin, datetime_field, local_now_minute

from . import selectors, services

# What the first step suggests for a visit being logged as it ends.
TYPICAL_VISIT = timedelta(hours=2)


class VisitWhenForm(CrispyMixin, forms.Form):
    facility = forms.ModelChoiceField(label=_("facility"), queryset=None)
    started_at = datetime_field(_("visit began"))
    ended_at = datetime_field(_("visit ended"))

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        now = local_now_minute()
        self.fields["started_at"].initial = now - TYPICAL_VISIT
        self.fields["ended_at"].initial = now

    def clean(self):
        data = super().clean()
        if data.get("started_at") and data.get("ended_at"):
            try:
                services.check_times(data["started_at"], data["ended_at"])
            except forms.ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field, errors)
        return data


class VisitForm(CrispyMixin, forms.Form):
    announced = forms.BooleanField(label=_("the visit was announced in advance"), required=False)
    detainees = forms.ModelMultipleChoiceField(
        label=_("detainees interviewed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone held at the facility during the visit."),
    )
    staff_interviewed = forms.IntegerField(label=_("staff interviewed"), min_value=0, max_value=500, initial=0)
    cells = forms.ModelMultipleChoiceField(
        label=_("cells seen"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("summary"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Findings are recorded one by one from the visit page."),
    )

    def __init__(self, *args, facility, started_at, ended_at, names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["detainees"].queryset = (
            selectors.in_custody_during(facility, started_at, ended_at)
            .select_related("person", "current_cell")
            .order_by("arrived_at", "pk")
        )
        # Pseudonyms for monitors (`names` is the viewer's `oversight.readlog.identity.Viewer`).
        self.fields["detainees"].label_from_instance = lambda record: _describe(record, names)
        self.fields["cells"].queryset = Cell.objects.filter(facility=facility).order_by("number")
        self.fields["cells"].label_from_instance = _describe_cell


def _describe(record, names):
    parts = [names.name(record), record.number]
    if not names.shows(record):
        parts.append(names.age(record))
    if record.current_cell:
        parts.append(str(_("cell %(number)s") % {"number": record.current_cell.number}))
    elif record.closed_at:
        parts.append(str(_("left %(when)s") % {"when": date_format(timezone.localtime(record.closed_at), "d.m H:i")}))
    return " · ".join(parts)


def _describe_cell(cell):
    places = ngettext("%(count)s place", "%(count)s places", cell.capacity) % {"count": cell.capacity}
    area = f"{cell.floor_area_m2:f}".rstrip("0").rstrip(".")
    label = f"{cell} ({places}, {area} m²)"
    if not cell.in_service:
        label += " · " + str(_("out of service"))
    return label
