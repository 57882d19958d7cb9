from django import forms
from django.utils.translation import gettext_lazy as _

from custody.lib.forms import CrispyMixin, datetime_field


class GrantForm(CrispyMixin, forms.Form):
    monitor = forms.ModelChoiceField(label=_("monitor"), queryset=None)
    facility = forms.ModelChoiceField(label=_("facility"), queryset=None)
    ends_at = datetime_field(_("named access until"))
    reason = forms.CharField(
        label=_("reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example the visit it is for."),
    )

    def __init__(self, *args, facilities, monitors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        self.fields["monitor"].queryset = monitors
        self.fields["monitor"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.username})"
        )
