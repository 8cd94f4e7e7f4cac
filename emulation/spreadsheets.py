"""Excel files for officials who live in Excel (openpyxl): the one writer and the one reader.

Writing: every text cell is written as text, so a name typed as ``=HYPERLINK(…)`` never
becomes a live formula in someone's Excel (formula injection).

Reading: an uploaded workbook is bounded before openpyxl builds any row: its file size,
the uncompressed size of its parts, the number of XML elements and rows its parts hold (read
as a stream: openpyxl's read-only mode walks a sheet without ``<dimension>`` to its end and
keeps what it meets), and the real number of rows and columns of each sheet (the declared
``<dimension>`` is not trusted: a 5 KB file may declare A1:XFD1048576).
"""

import zipfile
from io import BytesIO
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text starting with one of these is taken by Excel or LibreOffice as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Parts of a workbook: a real one has a few dozen.
MAX_PARTS = 500


def _append(sheet, values):
    """Append a row; texts that look like formulas stay texts (typed "s", quote-prefixed)."""
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = "s"
            cell.quotePrefix = True


def build_workbook(sheets):
    """sheets: [(title, headers, rows)] → bytes of an .xlsx file, headers bold, columns sized."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        _append(sheet, [str(header) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            _append(sheet, list(row))
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, min(60, len(str(header)) + 4))
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, sheets):
    response = HttpResponse(build_workbook(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _too_large():
    return ValidationError(
        _(
            "The workbook is too large to import: at most %(size)s MB, and %(rows)s rows and %(columns)s "
            "columns per sheet. Remove the empty rows and columns, or split the file."
        ),
        code="too_large",
        params={
            "size": settings.IMPORT_MAX_BYTES // (1024 * 1024),
            "rows": settings.IMPORT_MAX_ROWS,
            "columns": settings.IMPORT_MAX_COLUMNS,
        },
    )


def _check_archive(uploaded):
    """Refuse a file too large, or whose parts would unpack beyond the limit (a zip bomb).
    zipfile never unpacks more than a part's declared size, so the declared sizes bound it."""
    size = getattr(uploaded, "size", None)
    if size is None:
        size = uploaded.seek(0, 2)
    if size > settings.IMPORT_MAX_BYTES:
        raise _too_large()
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValueError(str(error)) from error
    finally:
        uploaded.seek(0)
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise _too_large()


# How XML in UTF-32 or EBCDIC begins: expat cannot read it, but lxml, which openpyxl uses for
# some parts, can; no workbook is written so, so such a part is refused, not left alone.
XML_EXPAT_CANNOT_READ = (
    b"\x00\x00\x00<",
    b"<\x00\x00\x00",
    b"\x00\x00<\x00",
    b"\x00<\x00\x00",
    b"\x00\x00\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x4c\x6f\xa7\x94",
)


class _Counter:
    """Counts the elements and rows of XML parts as expat streams them, and refuses past the
    limits; a document type declaration (entities) has no place in a workbook."""

    def __init__(self):
        self.elements = self.rows = 0
        self.max_elements = settings.IMPORT_MAX_ELEMENTS
        self.max_rows = settings.IMPORT_MAX_ROWS

    def start(self, name, _attributes):
        self.elements += 1
        if name == "row" or name.endswith(":row"):
            self.rows += 1
            if self.rows > self.max_rows:
                raise _too_large()
        if self.elements > self.max_elements:
            raise _too_large()

    @staticmethod
    def doctype(*_args):
        raise ValueError("a workbook part declares a document type")

    def read(self, stream):
        """Count a part's elements. A part that is no XML from its first byte (an image,
        printer settings) is left alone; expat reads the others in whatever encoding they
        are, UTF-16 without a byte order mark included."""
        self.rows = 0  # rows are counted per sheet, elements over the whole workbook
        head = stream.peek(4)[:4]
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.doctype
        try:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            if (error.lineno, error.offset) != (1, 0) or head.startswith(XML_EXPAT_CANNOT_READ):
                raise


def _check_parts(uploaded):
    """Stream every part of the archive, whatever its name (openpyxl opens whatever part the
    relationships name, so a sheet may be called sheet1.bin), counting, before openpyxl
    parses any."""
    counter = _Counter()
    try:
        with zipfile.ZipFile(uploaded) as archive:
            for part in archive.infolist():
                with archive.open(part) as stream:
                    counter.read(stream)
    except (zipfile.BadZipFile, OSError, expat.ExpatError) as error:
        raise ValueError(str(error)) from error
    finally:
        uploaded.seek(0)


def _measure(worksheet):
    """The real (rows, columns) of a read-only sheet, refusing it as soon as it is too large."""
    rows = columns = 0
    with worksheet._get_source() as source:
        parser = WorkSheetParser(source, worksheet._shared_strings, data_only=True)
        for index, cells in parser.parse():
            rows = index
            columns = max([columns] + [cell["column"] for cell in cells])
            if rows > settings.IMPORT_MAX_ROWS or columns > settings.IMPORT_MAX_COLUMNS:
                raise _too_large()
    return rows, columns


def open_workbook(uploaded):
    """A read-only openpyxl workbook of an upload, each sheet bounded to its real size.
    Raises ValidationError (code "too_large", a message for the user) for a workbook over
    the limits, ValueError when the file is not a readable workbook."""
    _check_archive(uploaded)
    _check_parts(uploaded)
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise ValueError(str(error)) from error
    for worksheet in workbook.worksheets:
        try:
            rows, columns = _measure(worksheet)
        except ValidationError:
            raise
        except Exception as error:  # a malformed sheet
            raise ValueError(str(error)) from error
        # iter_rows pads every row to these, so they must be the real ones, not the declared.
        worksheet._max_row, worksheet._max_column = (rows, columns) if rows else (None, None)
    return workbook


def validate_workbook(uploaded):
    """Form field validator: refuses an oversized or bomb workbook with a clear message
    before any import reads it (an unreadable file is left to the import's own message)."""
    try:
        open_workbook(uploaded).close()
    except ValueError:
        pass
    finally:
        uploaded.seek(0)


def read_rows(uploaded, sheet=None):
    """Rows of an uploaded .xlsx as lists of cell values (the first sheet by default).
    Raises ValueError when the file is not a readable workbook, ValidationError when it is
    over the limits (see ``open_workbook``)."""
    workbook = open_workbook(uploaded)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        return [list(row) for row in worksheet.iter_rows(values_only=True)]
    except (KeyError, IndexError) as error:
        raise ValueError(str(error)) from error
    finally:
        workbook.close()
