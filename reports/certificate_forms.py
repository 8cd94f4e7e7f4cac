"""The forms of the certificate layouts' pages: a new layout, the layout's page and fields (one
small form per field, prefixed by its name), and one recipient's corrections. Millimetres are
typed in ``<input type="number">``, which always sends a decimal point."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.models import Title

from .certificates import Alignment, CertificateField, CertificateFont, CertificateKind, validate_scan

SMALL = "form-control form-control-sm"
SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})
MM = {"max_digits": 6, "decimal_places": 1, "min_value": Decimal(0), "max_value": Decimal(1000)}


def _mm_field(label):
    return forms.DecimalField(label=label, widget=forms.NumberInput(attrs={"step": "0.1", "class": SMALL}), **MM)


class NewLayoutForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of certificate"), choices=CertificateKind.choices)
    page_width_mm = _mm_field(_("Page width (mm)"))
    page_height_mm = _mm_field(_("Page height (mm)"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"page_width_mm": Decimal(420), "page_height_mm": Decimal(297)})
        super().__init__(*args, **kwargs)


class LayoutPageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of certificate"), choices=CertificateKind.choices)
    page_width_mm = _mm_field(_("Page width (mm)"))
    page_height_mm = _mm_field(_("Page height (mm)"))
    scan = forms.FileField(label=_("Scan of the blank (JPEG or PNG)"), required=False, validators=[validate_scan])
    clear_scan = forms.BooleanField(label=_("Remove the scan"), required=False)
    titles = forms.ModelMultipleChoiceField(
        label=_("Only for these titles"),
        queryset=Title.objects.order_by("order", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select form-select-sm", "size": 6}),
        help_text=_(
            "Leave empty for any title. A decision's recipient of a title chosen here prints on this blank, "
            "the others on the blank chosen."
        ),
    )


class FieldForm(forms.Form):
    printed = forms.BooleanField(label=_("Printed"), required=False)
    x_mm = _mm_field(_("x (mm)"))
    y_mm = _mm_field(_("y, baseline (mm)"))
    width_mm = _mm_field(_("Width (mm)"))
    font = forms.ChoiceField(label=_("Font"), choices=CertificateFont.choices, widget=SELECT)
    font_size_pt = forms.DecimalField(
        label=_("Size (pt)"),
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(4),
        max_value=Decimal(120),
        widget=forms.NumberInput(attrs={"step": "0.5", "class": SMALL}),
    )
    align = forms.ChoiceField(label=_("Alignment"), choices=Alignment.choices, widget=SELECT)


def field_forms(data=None, rows=()):
    """A FieldForm per field of a certificate, prefixed by the field's name, filled from ``rows``."""
    by_name = {row.field: row for row in rows}
    forms_ = []
    for name, label in CertificateField.choices:
        row = by_name.get(name)
        initial = {attribute: getattr(row, attribute) for attribute in FieldForm.base_fields} if row else {}
        form = FieldForm(data, prefix=name, initial=initial)
        form.field_name, form.label = name, label
        forms_.append(form)
    return forms_


# The fields whose text changes from one recipient to the next, and so may need a correction.
PER_RECIPIENT = (CertificateField.RECIPIENT, CertificateField.TITLE, CertificateField.UNIT)


class CorrectionForm(forms.Form):
    """One recipient's corrections: for each of their own fields, a move (mm) and a font size."""

    def __init__(self, *args, corrections=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {row.field: row for row in corrections}
        for name in PER_RECIPIENT:
            label = name.label
            row = current.get(name)
            self.fields[f"{name}-dx"] = forms.DecimalField(
                label=_("%(field)s: move right (mm)") % {"field": label},
                required=False,
                max_digits=5,
                decimal_places=1,
                initial=row.dx_mm if row else None,
                widget=forms.NumberInput(attrs={"step": "0.5", "class": SMALL}),
            )
            self.fields[f"{name}-dy"] = forms.DecimalField(
                label=_("%(field)s: move down (mm)") % {"field": label},
                required=False,
                max_digits=5,
                decimal_places=1,
                initial=row.dy_mm if row else None,
                widget=forms.NumberInput(attrs={"step": "0.5", "class": SMALL}),
            )
            self.fields[f"{name}-size"] = forms.DecimalField(
                label=_("%(field)s: font size (pt)") % {"field": label},
                required=False,
                max_digits=4,
                decimal_places=1,
                min_value=Decimal(4),
                max_value=Decimal(120),
                initial=row.font_size_pt if row else None,
                widget=forms.NumberInput(attrs={"step": "0.5", "class": SMALL}),
            )

    def corrections(self):
        data = self.cleaned_data
        return {
            name: (data.get(f"{name}-dx"), data.get(f"{name}-dy"), data.get(f"{name}-size")) for name in PER_RECIPIENT
        }
