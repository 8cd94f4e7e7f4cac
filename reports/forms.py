from django import forms
from django.utils.translation import gettext_lazy as _


class RequestReportForm(forms.Form):
    """The optional number and date printed on the document (the clerk fills the
    number in by hand when it is left blank)."""

    document_number = forms.CharField(
        label=_("Document number"),
        max_length=30,
        required=False,
        help_text=_(
            "The ordinal alone (05), printed with the document's symbol, or the whole number and symbol "
            "(05/BB-CTĐVII), printed as typed. Leave blank to write it in by hand after registration."
        ),
    )
    document_date = forms.DateField(
        label=_("Document date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Printed in the place and date line; today when blank."),
    )
