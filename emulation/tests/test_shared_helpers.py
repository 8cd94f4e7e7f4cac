from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation.concurrency import check_version
from emulation.files import sniff_type, validate_document
from emulation.spreadsheets import build_workbook, read_rows

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_documents_are_recognised_by_content_not_name():
    assert sniff_type(SimpleUploadedFile("scan.jpg", PDF)) == "application/pdf"
    assert sniff_type(SimpleUploadedFile("a.pdf", PNG)) == "image/png"
    with pytest.raises(ValidationError) as refused:
        validate_document(SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"))
    assert refused.value.code == "bad_type"
    validate_document(SimpleUploadedFile("ok.pdf", PDF))


def test_documents_over_ten_megabytes_are_refused(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert error.value.code == "too_large"


def test_a_stale_version_is_refused_and_a_fresh_one_bumped():
    class Row:
        version = 3

    row = Row()
    with pytest.raises(ValidationError) as error:
        check_version(row, 2)
    assert error.value.code == "stale" and row.version == 3
    check_version(row, "3")
    assert row.version == 4


def test_workbooks_round_trip_vietnamese_text():
    data = build_workbook([("Chỉ tiêu", ["Tên", "Giá trị"], [["Hòa giải thành", 2754], ["Thi hành án", 21698.5]])])
    rows = read_rows(BytesIO(data))
    assert rows == [["Tên", "Giá trị"], ["Hòa giải thành", 2754], ["Thi hành án", 21698.5]]
    with pytest.raises(ValueError):
        read_rows(BytesIO(b"not a workbook"))
