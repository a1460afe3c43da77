"""Forms of the portal's pages. They parse input into the plain values the services take;
the rules live in the services (errors come back as ``ApplicationError``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from s2c.core.forms import LatitudeField, LongitudeField
from s2c.core.models import Agency, Region
from s2c.core.textinput import CleanTextMixin

from .content import ServiceContent, parse_rupiah
from .models import LifeEvent, MonitoredEndpoint, Office, ProcessingTimeUnit
from .services import AgencyProfile, OfficeData
from .tabular import split_lines

LINES_HELP = _("One item per line, in order.")


class RupiahField(forms.CharField):
    """An amount of whole rupiah as staff type it ("150000", "150.000", "Rp 150.000"); a
    typed "150.000" is a hundred and fifty thousand, never 150."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def prepare_value(self, value):
        return f"{value:,}".replace(",", ".") if isinstance(value, int) else value

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return parse_rupiah(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc

    def clean(self, value):
        value = self.to_python(value)
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial if initial != "" else None)
        except forms.ValidationError:
            return True


class ServiceForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name of the service"), max_length=200)
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        help_text=_("Optional. English readers see it; they see the Indonesian name if empty."),
    )
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    summary_en = forms.CharField(
        label=_("Summary in English"),
        max_length=300,
        required=False,
        help_text=_("Optional. English readers see it; they see the Indonesian summary if empty."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    target_users = forms.CharField(
        label=_("Who may apply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirements = forms.CharField(
        label=_("Requirements (persyaratan)"),
        required=False,
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    steps = forms.CharField(
        label=_("Procedure (prosedur)"),
        required=False,
        help_text=LINES_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    processing_time_value = forms.IntegerField(
        label=_("Processing time"), required=False, min_value=1, max_value=10000
    )
    processing_time_unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("", "—")] + list(ProcessingTimeUnit.choices),
    )
    processing_time_note = forms.CharField(
        label=_("Note on the processing time"), max_length=300, required=False
    )
    is_free = forms.BooleanField(label=_("Free of charge"), required=False)
    cost = forms.CharField(
        label=_("Cost or tariff"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cost_amount = RupiahField(
        label=_("Amount to pay (rupiah)"),
        required=False,
        help_text=_(
            "Required for a paid service unless the legal basis below says where the "
            "amount is set. The lowest amount when it varies."
        ),
    )
    cost_legal_basis = forms.CharField(
        label=_("Legal basis of the tariff"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    product = forms.CharField(
        label=_("Product"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    complaint_channel = forms.CharField(
        label=_("Complaint channel"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    online_url = forms.URLField(
        label=_("Online channel"), required=False, max_length=500, assume_scheme="https"
    )
    keywords = forms.CharField(
        label=_("Search keywords"),
        max_length=500,
        required=False,
        help_text=_("Other words people use, e.g. samsat stnk pkb."),
    )
    life_events = forms.ModelMultipleChoiceField(
        label=_("Life events"),
        queryset=LifeEvent.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Offices"),
        queryset=Office.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offices"].queryset = Office.objects.filter(agency=agency, is_active=True)
        self.fields["life_events"].label_from_instance = lambda e: e.label

    @classmethod
    def initial_from(cls, content: ServiceContent) -> dict:
        data = content.to_dict()
        data["requirements"] = "\n".join(content.requirements)
        data["steps"] = "\n".join(content.steps)
        return data

    def to_content(self) -> ServiceContent:
        d = dict(self.cleaned_data)
        d["requirements"] = split_lines(d.get("requirements") or "")
        d["steps"] = split_lines(d.get("steps") or "")
        d["life_events"] = [e.code for e in d.get("life_events") or []]
        d["offices"] = [o.code for o in d.get("offices") or []]
        return ServiceContent.from_dict(d)


class NoteForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OfficeForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}))
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", required=False
    )
    latitude = LatitudeField()
    longitude = LongitudeField()
    hours = forms.CharField(
        label=_("Opening hours"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)

    def to_data(self) -> OfficeData:
        d = self.cleaned_data
        return OfficeData(
            name=d["name"],
            address=d["address"],
            region_code=d["region"].code if d.get("region") else "",
            latitude=d.get("latitude"),
            longitude=d.get("longitude"),
            hours=d.get("hours") or "",
            phone=d.get("phone") or "",
        )

    @staticmethod
    def initial_from(office: Office) -> dict:
        return {
            "name": office.name,
            "address": office.address,
            "region": office.region.code if office.region_id else None,
            "latitude": office.latitude,
            "longitude": office.longitude,
            "hours": office.hours,
            "phone": office.phone,
        }


class AgencyProfileForm(CleanTextMixin, forms.Form):
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    head_name = forms.CharField(label=_("Head"), max_length=150, required=False)
    head_title = forms.CharField(label=_("Head's title"), max_length=150, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website_domain = forms.CharField(
        label=_("Website domain"),
        max_length=253,
        required=False,
        help_text=_("e.g. dinkes.sumselprov.go.id"),
    )
    latitude = LatitudeField()
    longitude = LongitudeField()

    def to_profile(self) -> AgencyProfile:
        return AgencyProfile(
            **{k: v if v is not None else None for k, v in self.cleaned_data.items()}
        )


class EndpointForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("Only http:// and https:// addresses are checked; redirects are not followed."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MonitoredEndpoint.Kind.choices)
    is_active = forms.BooleanField(label=_("Check it periodically"), required=False, initial=True)


class ImportForm(CleanTextMixin, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Only check the file, store nothing"), required=False)


class FeedbackForm(CleanTextMixin, forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
    )
    comment = forms.CharField(
        label=_("What can we improve? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
