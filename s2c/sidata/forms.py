"""Forms of Sidata's pages. They parse and show errors; the rules live in services."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from s2c.core.errors import ApplicationError
from s2c.core.forms import MultipleFileField, MultipleFileInput

from .models import Access, RetentionDecision
from .selectors import classifications, readers_named

_SPLIT = re.compile(r"[,;\n]+")


def split_words(value: str) -> list[str]:
    return [w.strip() for w in _SPLIT.split(value or "") if w.strip()]


class _Metadata(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    document_date = forms.DateField(
        label=_("Document date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    classification = forms.ModelChoiceField(
        queryset=None, label=_("Classification code"), required=False
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas."), max_length=2000
    )
    access = forms.ChoiceField(label=_("Who may open it"), choices=Access.choices)
    readers = forms.CharField(
        label=_("Named readers"),
        required=False,
        max_length=4000,
        help_text=_("Only for restricted documents: user names, separated by commas."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classification"].queryset = classifications()

    def clean_tags(self) -> list[str]:
        return split_words(self.cleaned_data.get("tags", ""))

    def clean_readers(self) -> list:
        try:
            return readers_named(split_words(self.cleaned_data.get("readers", "")))
        except ApplicationError as exc:
            raise ValidationError(str(exc.message)) from None


class UploadForm(_Metadata):
    """File one or many documents: each file becomes a document with these details (a
    single file may be given its own title; several take their file names)."""

    agency = forms.ModelChoiceField(queryset=None, label=_("Agency"))
    files = MultipleFileField(label=_("Files"), widget=MultipleFileInput())
    field_order = ["agency", "files", "title"]

    def __init__(self, *args, agencies, accept: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, each document takes its file's name.")
        if accept:
            self.fields["files"].widget.attrs["accept"] = accept

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            raise ValidationError(_("Choose at least one file."))
        if len(files) > 100:
            raise ValidationError(_("At most 100 files at once; use the ingest command for more."))
        return files


class MetadataForm(_Metadata):
    pass


class VersionForm(forms.Form):
    file = forms.FileField(label=_("New file"))
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the legal hold"), max_length=2000)


class RetentionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=RetentionDecision.Decision.choices)
    keep_until = forms.DateField(
        label=_("Keep until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=5000)
