"""Electronic signatures (chữ ký số) of issued documents: PAdES with pyHanko.

``sign(pdf, signer)`` adds one PAdES B-B signature (CAdES detached, SHA-256, no network: no
timestamp authority, no revocation fetching) with a visible appearance on the document's
signature block; ``verify(pdf)`` says whether a PDF is signed, by whom, when, whether it is
intact (the signature covers the whole file and its digest matches) and whether the signer's
certificate chains to one of ``SIGNING_TRUST_ROOTS``.

Where the appearance goes: the PDF templates mark the signer's blank space (``.sign-space``)
with two anchors, ``signature-box`` at its top left and ``signature-box-end`` at its bottom
right. WeasyPrint writes every anchor as a named destination (page and point), so the box is
read back from the PDF bytes alone, exactly where the layout put it, whatever the number of
pages. A PDF without them (built before the anchors, or made elsewhere) gets a fixed box at
the bottom right of its last page.

The key is configuration, never the repository: ``SIGNING_KEY_FILE`` (PKCS#12, with
``SIGNING_KEY_PASSPHRASE``) or ``SIGNING_KEY_FILE`` (PEM key) with ``SIGNING_CERT_FILE``.
"""

import functools
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
# fontTools reports every table it subsets at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FIELD_NAME = "ChuKySo"
ANCHOR_START = "signature-box"
ANCHOR_END = "signature-box-end"
# Lower left and upper right (PDF points) on the last page when the anchors are missing:
# the right half of the bottom of an A4 page, above the bottom margin.
FALLBACK_BOX = (300, 60, 560, 130)
MIN_BOX_HEIGHT = 40
STAMP_FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf"


class SigningNotConfigured(Exception):
    """No signing key is configured (SIGNING_KEY_FILE)."""


def signing_configured():
    return bool(getattr(settings, "SIGNING_KEY_FILE", ""))


def load_signer():
    """The pyHanko signer of the configured key; SigningNotConfigured without one."""
    from pyhanko.sign import signers

    key_file = getattr(settings, "SIGNING_KEY_FILE", "")
    if not key_file:
        raise SigningNotConfigured(_("No signing key is configured on this server."))
    passphrase = (getattr(settings, "SIGNING_KEY_PASSPHRASE", "") or "").encode() or None
    cert_file = getattr(settings, "SIGNING_CERT_FILE", "")
    chain = list(getattr(settings, "SIGNING_CHAIN_FILES", []) or [])
    if cert_file:
        signer = signers.SimpleSigner.load(key_file, cert_file, ca_chain_files=chain, key_passphrase=passphrase)
    else:
        signer = signers.SimpleSigner.load_pkcs12(key_file, ca_chain_files=chain, passphrase=passphrase)
    if signer is None:
        raise SigningNotConfigured(_("The signing key could not be read."))
    return signer


# -- where the signature block is -------------------------------------------------------


def _page_refs(reader):
    """Indirect references of the pages, in order."""
    refs = []

    def walk(node_ref):
        node = node_ref.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                walk(kid)
        else:
            refs.append((node_ref.idnum, node_ref.generation))

    walk(reader.root.raw_get("/Pages"))
    return refs


def _named_destinations(reader):
    """{name: (page ref, x, y)} of the flat name tree WeasyPrint writes."""
    try:
        names = reader.root["/Names"]["/Dests"]["/Names"]
    except KeyError:
        return {}
    found = {}
    for index in range(0, len(names) - 1, 2):
        dest = names[index + 1]
        dest = dest.get("/D", dest) if hasattr(dest, "get") else dest
        page = dest.raw_get(0)
        found[str(names[index])] = ((page.idnum, page.generation), float(dest[2]), float(dest[3]))
    return found


def signature_box(reader):
    """(page index, (x1, y1, x2, y2)) of the signer's blank space, or the fallback on the
    last page."""
    pages = _page_refs(reader)
    dests = _named_destinations(reader)
    start, end = dests.get(ANCHOR_START), dests.get(ANCHOR_END)
    if start and end and start[0] == end[0] and start[0] in pages:
        x1, x2 = sorted((start[1], end[1]))
        y1, y2 = sorted((start[2], end[2]))
        if x2 - x1 > MIN_BOX_HEIGHT and y2 - y1 >= MIN_BOX_HEIGHT:
            return pages.index(start[0]), (round(x1), round(y1), round(x2), round(y2))
    return len(pages) - 1, FALLBACK_BOX


# -- signing ----------------------------------------------------------------------------


@functools.cache
def stamp_font_file():
    """The shipped font rescaled to 1000 units per em. pyHanko writes a TrueType font's glyph
    widths in the font's own units, which PDF reads as thousandths of an em: Liberation Serif
    (2048 units) would print with every letter twice as wide as drawn."""
    from fontTools import ttLib
    from fontTools.ttLib.scaleUpem import scale_upem

    target = Path(tempfile.gettempdir()) / f"thidua-stamp-{STAMP_FONT.stem}-1000.ttf"
    if not target.exists():
        font = ttLib.TTFont(STAMP_FONT)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(partial)
        os.replace(partial, target)
    return target


def _stamp_style():
    from pyhanko import stamp
    from pyhanko.pdf_utils import layout, text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    return stamp.TextStampStyle(
        stamp_text=_("Signed by: %(signer)s\nDate: %(ts)s"),
        timestamp_format="%d/%m/%Y %H:%M",
        text_box_style=text.TextBoxStyle(font=GlyphAccumulatorFactory(str(stamp_font_file())), font_size=9, leading=11),
        border_width=1,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(4),
        ),
    )


def subject_names(cert):
    """(common name, organisation) of an asn1crypto certificate's subject."""
    subject = cert.subject.native
    return subject.get("common_name", "") or "", subject.get("organization_name", "") or ""


def sign(pdf_bytes, signer, *, reason="", location=""):
    """The document signed (PAdES B-B), its appearance on the signature block."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    page, box = signature_box(writer.prev)
    name, _organisation = subject_names(signer.signing_cert)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=name or None,
        reason=reason or None,
        location=location or None,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box),
    )
    now = timezone.localtime()
    output = pdf_signer.sign_pdf(writer, appearance_text_params={"signer": name, "ts": now.strftime("%d/%m/%Y %H:%M")})
    return output.getvalue()


# -- verifying --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the verify page says about an uploaded PDF."""

    readable: bool
    signed: bool = False
    signer_name: str = ""
    organisation: str = ""
    signed_at: datetime | None = None
    intact: bool = False
    trusted: bool = False
    page: int | None = None  # 1-based page of the visible signature

    @property
    def valid(self):
        return self.signed and self.intact and self.trusted

    @property
    def message(self):
        if not self.readable:
            return _("This file could not be read as a PDF document.")
        if not self.signed:
            return _("This document is not signed electronically.")
        if not self.intact:
            return _("The signature is INVALID: the document was changed after it was signed.")
        if not self.trusted:
            return _(
                "The document has not been changed since it was signed, but the signer's certificate "
                "is not issued by a trusted certification authority."
            )
        return _("The signature is valid: the document has not been changed since it was signed.")

    @property
    def signed_at_display(self):
        if self.signed_at is None:
            return ""
        return date_format(timezone.localtime(self.signed_at), "DATETIME_FORMAT")


def trust_roots():
    from pyhanko.keys import load_certs_from_pemder

    files = list(getattr(settings, "SIGNING_TRUST_ROOTS", []) or [])
    return list(load_certs_from_pemder(files)) if files else []


def _validation_context():
    from pyhanko_certvalidator import ValidationContext

    # No network: certificates are checked against the configured roots only, without
    # fetching revocation data (soft-fail).
    return ValidationContext(trust_roots=trust_roots(), allow_fetching=False)


def _check(embedded):
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = validate_pdf_signature(embedded, _validation_context())
    name, organisation = subject_names(status.signing_cert)
    intact = bool(status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
    return Verification(
        readable=True,
        signed=True,
        signer_name=name,
        organisation=organisation,
        signed_at=status.signer_reported_dt,
        intact=intact,
        trusted=bool(intact and status.trusted),
    )


def verify(pdf_bytes):
    """Verification of the last signature of a PDF (the one that must cover the whole file)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # pyHanko's PdfReadError and whatever a mangled file raises
        logger.info("verify: unreadable PDF: %s: %s", error.__class__.__name__, error)
        return Verification(readable=False)
    if not signatures:
        return Verification(readable=True)
    try:
        return _check(signatures[-1])
    except Exception as error:  # a damaged signature dictionary or CMS blob
        logger.info("verify: signature not checkable: %s: %s", error.__class__.__name__, error)
        return Verification(readable=True, signed=True)
