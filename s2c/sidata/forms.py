from django import forms
from django.utils.translation import gettext_lazy as _


class ItemForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label=_("Agency"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
