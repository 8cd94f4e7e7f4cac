"""Demo: Văn phòng Bộ's layout of a sample Bằng khen blank (A3 landscape, 420 × 297 mm, with a
drawn "scan" of an empty blank), so the demo's decision 125/QĐ-BTP prints its certificates.
The blank is invented; a unit lays out its own against the scan of the blank it buys. Safe to
run twice."""

import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from emulation.models import Unit

from . import certificate_services
from .certificate_papers import FONTS
from .certificates import CertificateFont, CertificateKind, CertificateLayout
from .documents import FONT_DIR

NAME = "Phôi Bằng khen của Bộ trưởng (mẫu minh họa)"
PX_PER_MM = 3


def sample_blank(width_mm=420, height_mm=297, baselines=()):
    """A PNG drawn like an empty Bằng khen: a frame, the heading, dotted lines at ``baselines``
    (mm from the top, with their left and right ends)."""
    from PIL import Image, ImageDraw, ImageFont

    scale = PX_PER_MM
    image = Image.new("RGB", (width_mm * scale, height_mm * scale), (253, 248, 232))
    draw = ImageDraw.Draw(image)
    red, gold = (170, 30, 30), (196, 150, 50)
    for inset, colour, line in ((8, red, 4 * scale), (14, gold, scale)):
        draw.rectangle(
            [inset * scale, inset * scale, (width_mm - inset) * scale, (height_mm - inset) * scale],
            outline=colour,
            width=line,
        )

    def text(y_mm, words, size_mm, colour=red, font=CertificateFont.SERIF_BOLD):
        face = ImageFont.truetype(str(FONT_DIR / FONTS[font][3]), int(size_mm * scale))
        draw.text((width_mm * scale / 2, y_mm * scale), words, fill=colour, font=face, anchor="ms")

    text(34, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 7, (40, 40, 40))
    text(43, "Độc lập - Tự do - Hạnh phúc", 6, (40, 40, 40))
    text(62, "BỘ TRƯỞNG BỘ TƯ PHÁP", 9)
    text(90, "BẰNG KHEN", 22)
    for y_mm, left, right in baselines:
        for x in range(int(left * scale), int(right * scale), 3 * scale):
            draw.line([x, y_mm * scale, x + scale, y_mm * scale], fill=(120, 120, 120), width=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def load():
    unit = Unit.objects.filter(name="Văn phòng Bộ").first()
    by = get_user_model().objects.filter(username="bo").first()
    if unit is None or by is None or CertificateLayout.objects.filter(unit=unit, name=NAME).exists():
        return
    layout = certificate_services.create_layout(
        unit, by, name=NAME, kind=CertificateKind.MERIT, page_width_mm=420, page_height_mm=297
    )
    lines = [(row.y_mm, row.x_mm, row.x_mm + row.width_mm) for row in layout.fields.all()]
    scan = ContentFile(sample_blank(baselines=lines), name="phoi-bang-khen.png")
    certificate_services.update_layout(layout, by, values={}, fields={}, scan=scan)
