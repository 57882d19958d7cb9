from django import forms
from django.utils.translation import gettext_lazy as _

from .verify import HeadFileError, parse_heads


class HeadFileForm(forms.Form):
    head = forms.FileField(label=_("heads file exported earlier (JSON)"))

    def clean_head(self):
        upload = self.cleaned_data["head"]
        if upload.size > 4 * 1024 * 1024:  # 446 facility logs' heads are ~200 kB
            raise forms.ValidationError(_("This is not a heads file exported by Custody Records."))
        try:
            return parse_heads(upload.read())
        except HeadFileError as error:
            raise forms.ValidationError(str(error)) from None
