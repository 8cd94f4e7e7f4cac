from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
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


class VerifyForm(forms.Form):
    """A PDF to verify: read in memory, never stored."""

    document = forms.FileField(label=_("Signed PDF file"), widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > settings.VERIFY_MAX_BYTES:
            raise ValidationError(
                _("The file is too large (at most %(size)s)."),
                params={"size": filesizeformat(settings.VERIFY_MAX_BYTES)},
            )
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in head:
            raise ValidationError(_("Only PDF files can be verified."))
        return upload
