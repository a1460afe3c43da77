"""Forms of the citizen pages. They parse and show errors; the rules live in services.

The length limits are ``inputs``' (the browser's ``maxlength``); the service refuses a
value over them, with the same message the API gives."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from s2c.core import uploads
from s2c.core.forms import MultipleFileField, MultipleFileInput
from s2c.core.models import Agency, Region
from s2c.core.textinput import CleanTextMixin

from . import inputs, services
from .models import Complaint
from .selectors import active_categories


def _limited(length: inputs.Length, widget: forms.Widget | None = None) -> forms.Widget:
    """A widget with the browser's ``maxlength`` for the limit the service checks."""
    widget = widget or forms.TextInput()
    widget.attrs["maxlength"] = str(length.max)
    return widget


def _choices(qs, label_attr: str, empty_label):
    return [("", empty_label)] + [(o.code, getattr(o, label_attr)) for o in qs]


class ComplaintForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of report is this?"),
        choices=Complaint.Kind.choices,
        initial=Complaint.Kind.PENGADUAN,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(label=_("Category"))
    title = forms.CharField(
        label=_("Title"),
        widget=_limited(inputs.TITLE),
        help_text=_("In a few words, e.g. “Pothole on Jalan Sudirman”."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        widget=_limited(inputs.DESCRIPTION, forms.Textarea(attrs={"rows": 5})),
        help_text=_(
            "Where, since when, and what you expect. Do not type your ID number: "
            "personal data is hidden from the public anyway."
        ),
    )
    # The map pin (the page's script fills them in); named in the error summary.
    latitude = forms.FloatField(label=_("Latitude"), required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(label=_("Longitude"), required=False, widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("Address or landmark"), widget=_limited(inputs.ADDRESS), required=False
    )
    kecamatan = forms.CharField(
        label=_("Kecamatan"), widget=_limited(inputs.KECAMATAN), required=False
    )
    region = forms.ChoiceField(label=_("Kabupaten or kota"), required=False)
    agency = forms.ChoiceField(label=_("Agency (if you know it)"), required=False)
    privacy = forms.ChoiceField(
        label=_("Who may see this report?"),
        choices=Complaint.Privacy.choices,
        initial=Complaint.Privacy.PUBLIC,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Your name"), widget=_limited(inputs.NAME), required=False)
    email = forms.CharField(
        label=_("Email"),
        required=False,
        widget=_limited(inputs.EMAIL, forms.EmailInput(attrs={"autocomplete": "email"})),
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp"),
        required=False,
        widget=_limited(
            inputs.PHONE, forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        ),
    )
    files = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": uploads.IMAGES_AND_DOCUMENTS.accept_attribute}),
        help_text=_("Up to 5 files: JPEG, PNG or WebP photos, PDF or office documents."),
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(active_categories().prefetch_related("attributes"))
        self.fields["category"].choices = [("", _("Choose a category"))] + [
            (c.code, c.display_name) for c in self.categories
        ]
        self.fields["region"].choices = _choices(
            Region.objects.order_by("name"), "display_name", _("Choose (optional)")
        )
        self.fields["agency"].choices = _choices(
            Agency.objects.filter(is_active=True).order_by("name"), "name", _("I do not know")
        )
        for field in ("title", "description"):
            self.fields[field].widget.attrs["autocomplete"] = "off"
        chosen = (
            self.data.get("category", "") if self.is_bound else self.initial.get("category", "")
        )
        if not self.is_bound and chosen not in {c.code for c in self.categories}:
            chosen = self.initial["category"] = ""
        self._add_attribute_fields(chosen)
        self._mark_evidence(chosen)

    # --- The categories' extra questions and evidence ------------------------------------
    # Every category's questions are fields named attribute_<category>_<question>; the
    # page's script shows the chosen category's. The service checks the answers (its
    # errors name attribute_<question>: ``service_field_names`` puts them on the field).

    def _add_attribute_fields(self, chosen: str) -> None:
        for category in self.categories:
            for attr in category.attributes.all():
                field = _attribute_field(attr)
                if attr.required:
                    # Required for this category only: marked, and refused by the service.
                    field.widget.attrs["aria-required"] = "true"
                self.fields[_attribute_name(category.code, attr.code)] = field

    def _mark_evidence(self, chosen: str) -> None:
        needing = [c.code for c in self.categories if c.requires_evidence]
        widget = self.fields["files"].widget
        if needing:
            widget.attrs["data-required-for"] = " ".join(needing)
        if chosen and chosen in needing:
            widget.attrs["aria-required"] = "true"

    def service_field_names(self) -> dict[str, str]:
        """The service's names for the chosen category's questions -> the form's."""
        code = self.data.get("category", "") if self.is_bound else ""
        return {
            f"attribute_{attr.code}": _attribute_name(category.code, attr.code)
            for category in self.categories
            if category.code == code
            for attr in category.attributes.all()
        }

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _(
                    "Your report looks automated and was not sent. Clear the field "
                    "“Leave this field empty” and send it again."
                )
            )
        return ""

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        code = data.get("category") or self.data.get("category")
        category = next((c for c in self.categories if c.code == code), None)
        # The service refuses it too; asked here, it comes with the form's other errors.
        missing = services.evidence_missing(category, files=data.get("files") or [])
        if missing and "files" not in self.errors:
            self.add_error("files", missing)
        if (lat is None) != (lon is None):
            raise forms.ValidationError(_("The map pin is incomplete; place it again."))
        return data

    @property
    def privacy_help(self) -> dict:
        return {
            Complaint.Privacy.PUBLIC: _(
                "Everyone can read it. Phone numbers, email addresses "
                "and ID numbers in the text are hidden automatically."
            ),
            Complaint.Privacy.RAHASIA: _(
                "Only the province and the agency read it; it is never published."
            ),
            Complaint.Privacy.ANONIM: _(
                "It may be published, but who you are is known only to "
                "the province's verifiers, never to the agency or the "
                "public."
            ),
        }

    @property
    def kind_help(self) -> dict:
        return {
            Complaint.Kind.PENGADUAN: _("Something does not work as it should."),
            Complaint.Kind.ASPIRASI: _("An idea to improve a service."),
            Complaint.Kind.INFORMASI: _("A question to an agency."),
        }

    def attribute_groups(self) -> list[dict]:
        """The categories' extra questions as bound fields, by category (shown for the
        chosen category by the page's script, all of them without it)."""
        groups = []
        for category in self.categories:
            fields = [
                self[_attribute_name(category.code, attr.code)]
                for attr in category.attributes.all()
            ]
            if fields:
                groups.append({"category": category, "fields": fields})
        return groups

    def attribute_values(self) -> dict:
        """Answers to the chosen category's questions, as typed (the service checks them)."""
        code = self.cleaned_data.get("category") or self.data.get("category")
        values = {}
        for category in self.categories:
            if category.code != code:
                continue
            for attr in category.attributes.all():
                key = _attribute_name(category.code, attr.code)
                if attr.datatype == attr.Datatype.MULTI:
                    values[attr.code] = self.data.getlist(key)
                else:
                    values[attr.code] = self.data.get(key, "").strip()
        return values


def _attribute_name(category: str, attribute: str) -> str:
    return f"attribute_{category}_{attribute}"


def _attribute_field(attr) -> forms.Field:
    """A form field for a category's question; optional for the form (the service knows
    whether the chosen category requires it), its choices shown by their labels."""
    D = attr.Datatype
    common = {
        "label": attr.description,
        "help_text": attr.datatype_description,
        "required": False,
    }
    choices = [(str(v.get("key")), v.get("name")) for v in attr.values or [] if isinstance(v, dict)]
    if attr.datatype == D.MULTI:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if attr.datatype == D.SINGLE:
        return forms.ChoiceField(choices=[("", _("Choose"))] + choices, **common)
    if attr.datatype == D.NUMBER:
        return forms.CharField(widget=forms.NumberInput(attrs={"step": "any"}), **common)
    if attr.datatype == D.TEXT:
        return forms.CharField(
            widget=_limited(inputs.ATTRIBUTE_TEXT, forms.Textarea(attrs={"rows": 3})), **common
        )
    return forms.CharField(widget=_limited(inputs.ATTRIBUTE_TEXT), **common)


class ReplyForm(CleanTextMixin, forms.Form):
    message = forms.CharField(
        label=_("Your reply"),
        widget=_limited(inputs.TEXT, forms.Textarea(attrs={"rows": 4})),
    )


class RatingForm(CleanTextMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the resolution?"),
        coerce=int,
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — neutral")),
            (2, _("2 — dissatisfied")),
            (1, _("1 — very dissatisfied")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        widget=_limited(inputs.COMMENT, forms.Textarea(attrs={"rows": 3})),
    )


class ReopenForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the problem not solved?"),
        widget=_limited(inputs.TEXT, forms.Textarea(attrs={"rows": 3})),
    )


class TrackForm(CleanTextMixin, forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"placeholder": "SC-2026-000123", "autocapitalize": "characters"}
        ),
    )
