from django import forms
from django.utils.translation import gettext_lazy as _

from detainees.forms import CrispyMixin, datetime_field

from .chain import HeadFileError, parse_head


class GrantForm(CrispyMixin, forms.Form):
    monitor = forms.ModelChoiceField(label=_("monitor"), queryset=None)
    facility = forms.ModelChoiceField(label=_("facility"), queryset=None)
    ends_at = datetime_field(_("named access until"))
    reason = forms.CharField(label=_("reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For example the visit it is for."))

    def __init__(self, *args, facilities, monitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        self.fields["monitor"].queryset = monitors
        self.fields["monitor"].label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.username})"


class HeadFileForm(forms.Form):
    head = forms.FileField(label=_("exported chain head (JSON file)"))

    def clean_head(self):
        upload = self.cleaned_data["head"]
        if upload.size > 64 * 1024:
            raise forms.ValidationError(_("This is not a chain head exported by Custody Records."))
        try:
            return parse_head(upload.read())
        except HeadFileError as error:
            raise forms.ValidationError(str(error)) from None
