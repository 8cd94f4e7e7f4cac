"""The verbs of certificate layouts (reports/certificates.py): a unit's officials (or ministry
staff) make a layout of their blank, adjust its fields, make it the unit's default for its kind
of certificate, and correct a field for one recipient of a decision. Each verb runs in one
transaction, locks the layout, checks ``reports.edit_certificate_layout`` and writes history."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation.services import require, save_with_history
from emulation.text import nfc

from .certificates import (
    CertificateCorrection,
    CertificateField,
    CertificateFont,
    CertificateLayout,
    LayoutField,
    validate_scan,
)

# Where each field goes on a blank, as fractions of its width and height (x, baseline, width),
# with its font and size: a start the unit then moves against the scan of its own blank.
STARTING_FIELDS = {
    CertificateField.RECIPIENT: (0.15, 0.47, 0.70, CertificateFont.SCRIPT_BOLD, 34),
    CertificateField.TITLE: (0.15, 0.36, 0.70, CertificateFont.SERIF_BOLD, 22),
    CertificateField.UNIT: (0.15, 0.55, 0.70, CertificateFont.SERIF_ITALIC, 18),
    CertificateField.NUMBER: (0.08, 0.83, 0.35, CertificateFont.SERIF, 13),
    CertificateField.DATE: (0.52, 0.68, 0.40, CertificateFont.SERIF_ITALIC, 14),
    CertificateField.SIGNER_POSITION: (0.52, 0.73, 0.40, CertificateFont.SERIF_BOLD, 14),
    CertificateField.SIGNER_NAME: (0.52, 0.90, 0.40, CertificateFont.SERIF_BOLD, 15),
}
FIELD_ATTRIBUTES = ("printed", "x_mm", "y_mm", "width_mm", "font", "font_size_pt", "align")
LAYOUT_ATTRIBUTES = ("name", "kind", "page_width_mm", "page_height_mm")


def _mm(fraction, length):
    return (Decimal(str(fraction)) * Decimal(length)).quantize(Decimal("0.1"))


def _lock(layout):
    return CertificateLayout.objects.select_for_update(of=("self",)).get(pk=layout.pk)


def _check_inside(layout, fields):
    for field in fields:
        if field.x_mm + field.width_mm > layout.page_width_mm or field.y_mm > layout.page_height_mm:
            raise ValidationError(
                _("The field “%(field)s” goes beyond the page.") % {"field": field.get_field_display()}
            )


@transaction.atomic
def create_layout(unit, by, *, name, kind, page_width_mm, page_height_mm):
    """A new layout of ``unit``'s blank, its fields in the usual places of a certificate; the
    unit's default for that kind when it has none yet."""
    require(by, "reports.add_certificate_layout", unit)
    layout = CertificateLayout(
        unit=unit,
        name=nfc(name.strip()),
        kind=kind,
        page_width_mm=page_width_mm,
        page_height_mm=page_height_mm,
        updated_by=by,
        is_default=not CertificateLayout.objects.filter(unit=unit, kind=kind, is_default=True).exists(),
    )
    layout.full_clean()
    save_with_history(layout, by)
    for field, (x, y, width, font, size) in STARTING_FIELDS.items():
        row = LayoutField(
            layout=layout,
            field=field,
            x_mm=_mm(x, page_width_mm),
            y_mm=_mm(y, page_height_mm),
            width_mm=_mm(width, page_width_mm),
            font=font,
            font_size_pt=Decimal(size),
        )
        save_with_history(row, by)
    return layout


@transaction.atomic
def update_layout(layout, by, *, values, fields, scan=None, clear_scan=False):
    """Save the layout's page (``values``: name, kind, size, the titles it is for) and its
    fields (``fields``: field name → attributes), and its scan when one is uploaded (or remove
    it)."""
    layout = _lock(layout)
    require(by, "reports.edit_certificate_layout", layout)
    _set_page(layout, values, scan, clear_scan)
    layout.updated_by = by
    layout.full_clean(exclude=["scan"])  # a new scan is checked above; the stored one is not read again
    rows = {row.field: row for row in layout.fields.select_for_update().order_by("pk")}
    changed = []
    for name, attributes in fields.items():
        row = rows.get(name) or LayoutField(layout=layout, field=name)
        for attribute in FIELD_ATTRIBUTES:
            if attribute in attributes:
                setattr(row, attribute, attributes[attribute])
        changed.append(row)
    _check_inside(layout, [row for row in changed if row.printed])
    save_with_history(layout, by)
    for row in changed:
        row.full_clean()
        save_with_history(row, by)
    return layout


def _set_page(layout, values, scan, clear_scan):
    for attribute in LAYOUT_ATTRIBUTES:
        if attribute in values:
            setattr(layout, attribute, nfc(values[attribute]) if attribute == "name" else values[attribute])
    if "titles" in values:
        _name_titles(layout, list(values["titles"]))
    if scan is not None:
        validate_scan(scan)
        layout.scan = scan
    elif clear_scan:
        layout.scan = ""
    if (
        layout.is_default
        and CertificateLayout.objects.filter(unit_id=layout.unit_id, kind=layout.kind, is_default=True)
        .exclude(pk=layout.pk)
        .exists()
    ):
        layout.is_default = False  # another layout is the default of the kind it now has


def _name_titles(layout, titles):
    """The titles printed on this blank; a title is named by one of the unit's layouts at most,
    so a decision's line has one blank."""
    taken = (
        CertificateLayout.titles.through.objects.filter(
            certificatelayout__unit_id=layout.unit_id, title__in=[title.pk for title in titles]
        )
        .exclude(certificatelayout_id=layout.pk)
        .select_related("title", "certificatelayout")
        .order_by("pk")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            _("“%(title)s” is printed on the unit's blank “%(layout)s” already.")
            % {"title": taken.title.name, "layout": taken.certificatelayout.name},
            code="title_taken",
        )
    layout.titles.set(titles)


@transaction.atomic
def make_default(layout, by):
    """This layout becomes the unit's default for its kind of certificate (the one offered first)."""
    layout = _lock(layout)
    require(by, "reports.edit_certificate_layout", layout)
    others = CertificateLayout.objects.select_for_update().filter(
        unit_id=layout.unit_id, kind=layout.kind, is_default=True
    )
    for other in others.exclude(pk=layout.pk).order_by("pk"):
        other.is_default = False
        save_with_history(other, by)
    if not layout.is_default:
        layout.is_default = True
        layout.updated_by = by
        save_with_history(layout, by)
    return layout


@transaction.atomic
def correct_recipient(layout, line, by, corrections):
    """Move or resize fields for one recipient (``line``) on this layout: ``corrections`` maps a
    field to (dx, dy, font size or None); a field with no change loses its correction."""
    layout = _lock(layout)
    require(by, "reports.edit_certificate_layout", layout)
    existing = {
        row.field: row for row in CertificateCorrection.objects.select_for_update().filter(layout=layout, line=line)
    }
    for field, (dx, dy, size) in corrections.items():
        row = existing.get(field)
        if not dx and not dy and size is None:
            if row is not None:
                row._history_user = by
                row.delete()
            continue
        row = row or CertificateCorrection(layout=layout, line=line, field=field)
        row.dx_mm, row.dy_mm, row.font_size_pt = dx or 0, dy or 0, size
        row.full_clean()
        save_with_history(row, by)
    return layout
