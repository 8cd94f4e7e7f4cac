"""Reading PDFs back in tests: text (poppler's pdftotext), fonts, page sizes, images."""

import io
import subprocess


def pdf_text(pdf_bytes):
    """The PDF's text as pdftotext (poppler) extracts it, in reading order."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    return result.stdout.decode()


def pdf_fonts(pdf_bytes):
    """{base font name: embedded?} of every font resource in the PDF (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor_owner = descendants[0].get_object() if descendants else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def pdf_page_sizes(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [(round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) for page in reader.pages]


def pdf_has_images(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for xobject in xobjects.values():
            if xobject.get_object().get("/Subtype") == "/Image":
                return True
    return False
