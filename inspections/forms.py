from django import forms
from django.utils.translation import gettext_lazy as _

from custody.lib.forms import CrispyMixin, datetime_field, local_now_minute

from .models import Criterion, Severity


class CellInspectionForm(CrispyMixin, forms.Form):
    """One row per criterion: ticked as not met, with the defect described beside it."""

    inspected_at = datetime_field(_("inspected at"))
    temperature_c = forms.DecimalField(label=_("temperature, °C"), min_value=-30, max_value=60, decimal_places=1)
    notes = forms.CharField(label=_("notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    fit = forms.BooleanField(label=_("the cell is fit for detention"), required=False, initial=True)
    take_out_of_service = forms.BooleanField(label=_("take the cell out of service now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_at"].initial = local_now_minute()
        for value, label in Criterion.choices:
            self.fields[f"failed_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"defect_{value}"] = forms.CharField(label=_("defect"), max_length=500, required=False)

    def criteria(self):
        for value, label in Criterion.choices:
            yield label, self[f"failed_{value}"], self[f"defect_{value}"]

    def failed(self):
        return [value for value in Criterion.values if self.cleaned_data.get(f"failed_{value}")]

    def defects(self):
        return {value: self.cleaned_data.get(f"defect_{value}", "") for value in self.failed()}


class FindingForm(CrispyMixin, forms.Form):
    severity = forms.ChoiceField(label=_("severity"), choices=Severity.choices)
    description = forms.CharField(label=_("description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class TextForm(CrispyMixin, forms.Form):
    text = forms.CharField(label=_("text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DefectFixForm(CrispyMixin, forms.Form):
    fix_note = forms.CharField(label=_("what was done"), max_length=500)
