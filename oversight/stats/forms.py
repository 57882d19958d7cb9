"""The statistics filter: which facilities and which period, always inside the user's scope."""

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custody.facilities.models import Facility, Region
from custody.lib import access

# Display limits of the dashboard, not legal figures: a year (plus a leap day) keeps the charts
# readable and the live part cheap; nothing was recorded electronically before 2000.
MAX_DAYS = 366
EARLIEST = date(2000, 1, 1)
DEFAULT_DAYS = 30


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StatsFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, empty_label=_("all regions")
    )
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.none(), required=False, empty_label=_("all facilities")
    )
    date_from = forms.DateField(label=_("Detained from"), widget=DATE)
    date_to = forms.DateField(label=_("to (inclusive)"), widget=DATE)

    def __init__(self, data=None, *, user):
        # Always bound: a missing date means the default period, so the first visit shows figures.
        today = timezone.localdate()
        data = data.copy() if data is not None else {}
        if not data.get("date_to"):
            data["date_to"] = today.isoformat()
        if not data.get("date_from"):
            end = _parse(data["date_to"])
            end = end if end and EARLIEST <= end <= today else today
            data["date_from"] = (end - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
        super().__init__(data)
        self.scope = access.facilities(user)
        self.fields["facility"].queryset = self.scope.select_related("region").order_by("region__name", "name")
        self.fields["region"].queryset = Region.objects.filter(facilities__in=self.scope).distinct().order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("region", css_class="col-sm-6 col-lg-3"),
                Column("facility", css_class="col-sm-6 col-lg-3"),
                Column("date_from", css_class="col-6 col-lg-3"),
                Column("date_to", css_class="col-6 col-lg-3"),
            )
        )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("date_from", "date_to"):
            if cleaned.get(name) and cleaned[name] < EARLIEST:
                self.add_error(name, _("Choose a date from %(year)s onwards.") % {"year": EARLIEST.year})
            elif cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, _("This date is in the future."))
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("The end of the period is before its start."))
            elif (end - start).days + 1 > MAX_DAYS:
                self.add_error("date_to", _("Choose a period of at most %(days)s days.") % {"days": MAX_DAYS})
        region, facility = cleaned.get("region"), cleaned.get("facility")
        if region and facility and facility.region_id != region.pk:
            self.add_error("facility", _("This facility is not in the chosen region."))
        return cleaned

    def facilities(self):
        """The chosen facilities: the whole scope narrowed by region and facility."""
        chosen = self.scope
        if self.cleaned_data.get("region"):
            chosen = chosen.filter(region=self.cleaned_data["region"])
        if self.cleaned_data.get("facility"):
            chosen = chosen.filter(pk=self.cleaned_data["facility"].pk)
        return chosen

    def period(self):
        """[start, end) as aware datetimes: from the first day's midnight to the midnight after the last (Kyiv)."""
        start = timezone.make_aware(datetime.combine(self.cleaned_data["date_from"], time.min))
        end = timezone.make_aware(datetime.combine(self.cleaned_data["date_to"] + timedelta(days=1), time.min))
        return start, end

    def query_string(self):
        """The filter as a query string, for the export links."""
        values = {
            "region": self.cleaned_data.get("region") and self.cleaned_data["region"].pk,
            "facility": self.cleaned_data.get("facility") and self.cleaned_data["facility"].pk,
            "date_from": self.cleaned_data["date_from"].isoformat(),
            "date_to": self.cleaned_data["date_to"].isoformat(),
        }
        return urlencode({k: v for k, v in values.items() if v})


def _parse(value):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None  # the field reports it
