"""The layout of a unit's pre-printed certificate blanks (phôi Bằng khen, Giấy khen): the page's
size, where each field of a decision is printed on it (in millimetres from the page's top left
corner, ``y`` being the baseline the text sits on, as the dotted line of the blank) and in which
shipped font, and the per-recipient corrections a long name needs. The scan of the blank is only
shown behind the fields in the editor, never printed.

Imported by ``reports.models``; the verbs are ``reports.certificate_services``, the PDF is
``reports.certificate_papers``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.files import private_upload_to, validate_document

SCAN_TYPES = ("image/jpeg", "image/png")


def validate_scan(uploaded):
    """A JPEG or PNG by its content (a PDF, accepted elsewhere, is not a picture to draw)."""
    try:
        validate_document(uploaded, allowed=SCAN_TYPES)
    except ValidationError as error:
        if error.code != "bad_type":
            raise
        raise ValidationError(_("The scan must be a JPEG or PNG picture."), code="bad_type") from None


def _mm(verbose, default, maximum=1000):
    return models.DecimalField(
        verbose,
        max_digits=6,
        decimal_places=1,
        default=Decimal(default),
        validators=[MinValueValidator(0), MaxValueValidator(maximum)],
    )


class CertificateKind(models.TextChoices):
    MERIT = "bang_khen", _("Certificate of merit (Bằng khen)")
    COMMENDATION = "giay_khen", _("Certificate of commendation (Giấy khen)")


class CertificateField(models.TextChoices):
    """What a decision gives to print on a certificate."""

    RECIPIENT = "recipient", _("Recipient's name")
    TITLE = "title", _("Title or form awarded")
    UNIT = "unit", _("Recipient's unit")
    NUMBER = "number", _("Decision number")
    DATE = "date", _("Place and date of the decision")
    SIGNER_POSITION = "signer_position", _("Signer's position")
    SIGNER_NAME = "signer_name", _("Signer's name")


class CertificateFont(models.TextChoices):
    """The shipped fonts (static/fonts): Dancing Script (OFL, with Vietnamese) and Liberation Serif."""

    SCRIPT = "script", _("Calligraphic (Dancing Script)")
    SCRIPT_BOLD = "script_bold", _("Calligraphic, bold")
    SERIF = "serif", _("Serif (Liberation Serif)")
    SERIF_BOLD = "serif_bold", _("Serif, bold")
    SERIF_ITALIC = "serif_italic", _("Serif, italic")


class Alignment(models.TextChoices):
    LEFT = "left", _("Left")
    CENTER = "center", _("Centre")
    RIGHT = "right", _("Right")


class CertificateLayout(models.Model):
    """Mẫu in phôi: one kind of blank a unit buys, with where each field goes."""

    unit = models.ForeignKey(
        "emulation.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="certificate_layouts"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind of certificate"), max_length=10, choices=CertificateKind.choices)
    page_width_mm = _mm(_("page width (mm)"), "420")
    page_height_mm = _mm(_("page height (mm)"), "297")
    scan = models.FileField(
        _("scan of the blank"),
        upload_to=private_upload_to("certificates"),
        validators=[validate_scan],
        blank=True,
        help_text=_("A JPEG or PNG of the empty blank, shown behind the fields to place them; never printed."),
    )
    is_default = models.BooleanField(_("the unit's default"), default=False)
    # A blank printed for some titles only (the unit's Bằng khen of the Minister and of the Prime
    # Minister differ): a decision's line of one of them prints on this layout, the rest on the
    # layout chosen (the default). Empty: any title.
    titles = models.ManyToManyField(
        "emulation.Title",
        verbose_name=_("titles printed on it"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for any title. A recipient of a title named here prints on this blank."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[titles])

    class Meta:
        verbose_name = _("certificate layout")
        verbose_name_plural = _("certificate layouts")
        ordering = ["unit__name", "kind", "-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"],
                condition=Q(is_default=True),
                name="one_default_certificate_layout",
                violation_error_message=_("The unit already has a default layout for this kind of certificate."),
            ),
            models.CheckConstraint(
                condition=Q(page_width_mm__gt=0) & Q(page_height_mm__gt=0), name="certificate_layout_page_size"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class LayoutField(models.Model):
    """A field printed on the blank: its box (left edge ``x``, baseline ``y``, ``width``), font,
    size and alignment."""

    layout = models.ForeignKey(
        CertificateLayout, verbose_name=_("layout"), on_delete=models.CASCADE, related_name="fields"
    )
    field = models.CharField(_("field"), max_length=20, choices=CertificateField.choices)
    printed = models.BooleanField(_("printed"), default=True)
    x_mm = _mm(_("x (mm)"), "0")
    y_mm = _mm(_("y, baseline (mm)"), "0")
    width_mm = _mm(_("width (mm)"), "100")
    font = models.CharField(_("font"), max_length=15, choices=CertificateFont.choices, default=CertificateFont.SERIF)
    font_size_pt = models.DecimalField(
        _("font size (pt)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("16"),
        validators=[MinValueValidator(4), MaxValueValidator(120)],
    )
    align = models.CharField(_("alignment"), max_length=6, choices=Alignment.choices, default=Alignment.CENTER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field of a certificate layout")
        verbose_name_plural = _("fields of a certificate layout")
        ordering = ["layout_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["layout", "field"], name="one_layout_field")]

    def __str__(self):
        return self.get_field_display()


class CertificateCorrection(models.Model):
    """Chỉnh riêng: a field moved or resized for one recipient (a decision's line) on one layout,
    where a long name needs it."""

    layout = models.ForeignKey(
        CertificateLayout, verbose_name=_("layout"), on_delete=models.CASCADE, related_name="corrections"
    )
    line = models.ForeignKey(
        "awards.DecisionLine",
        verbose_name=_("recipient (line of the decision)"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=20, choices=CertificateField.choices)
    dx_mm = models.DecimalField(_("move right (mm)"), max_digits=5, decimal_places=1, default=Decimal("0"))
    dy_mm = models.DecimalField(_("move down (mm)"), max_digits=5, decimal_places=1, default=Decimal("0"))
    font_size_pt = models.DecimalField(
        _("font size (pt)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(4), MaxValueValidator(120)],
        help_text=_("Empty: the layout's size."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction for one recipient")
        verbose_name_plural = _("corrections for one recipient")
        ordering = ["layout_id", "line_id", "field"]
        constraints = [
            models.UniqueConstraint(fields=["layout", "line", "field"], name="one_certificate_correction"),
        ]

    def __str__(self):
        return f"{self.line} — {self.get_field_display()}"
