"""The breaks of the attack run (issue 13 §3, ../shared/reviews/security.md), each reproduced.

Formula injection (B7), Excel bombs (B8), the lockout behind the TLS proxy (B9), the long
login name (B12), uploads kept by name (B13), unbounded bodies (B14), /healthz (B16).
"""

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from openpyxl import Workbook, load_workbook

from emulation.spreadsheets import build_workbook, open_workbook, read_rows

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
INJECTIONS = [
    '=HYPERLINK("http://127.0.0.1:9911/x","Bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
]
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script>"


# --- B7: formula injection ---------------------------------------------------------------------


def _cells(data):
    workbook = load_workbook(BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value]


def test_texts_that_look_like_formulas_are_written_as_text():
    data = build_workbook([("Chỉ tiêu", ["Tên", "=Đơn vị"], [[text, text] for text in INJECTIONS])])
    cells = _cells(data)
    assert [cell.data_type for cell in cells] == ["s"] * len(cells)
    # a CR comes back as LF where openpyxl writes with the standard library, as CR with lxml
    assert {cell.value.replace("\r", "\n") for cell in cells} >= {text.replace("\r", "\n") for text in INJECTIONS}
    with zipfile.ZipFile(BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_numbers_and_plain_texts_keep_their_types():
    cells = _cells(build_workbook([("S", ["Tên", "Số"], [["Hòa giải", -5], ["Thi hành án", 21698.5]])]))
    assert [(cell.value, cell.data_type) for cell in cells][2:] == [
        ("Hòa giải", "s"),
        (-5, "n"),
        ("Thi hành án", "s"),
        (21698.5, "n"),
    ]


def test_the_cluster_export_writes_a_typed_formula_as_text(client, login, demo):
    from campaigns.models import PledgeTarget
    from emulation.models import Cluster
    from emulation.services import working_year

    PledgeTarget.objects.update(name=INJECTIONS[0], unit_of_measure=INJECTIONS[0])
    login("bo")
    found = []
    for cluster in Cluster.objects.all():
        response = client.get(f"/campaigns/clusters/{cluster.slug}/export.xlsx?year={working_year()}")
        if response.status_code == 200:
            found += [cell for cell in _cells(response.content) if cell.value == INJECTIONS[0]]
    assert found and {cell.data_type for cell in found} == {"s"}


def test_no_module_but_the_shared_one_opens_or_writes_workbooks_itself():
    """Every export goes through build_workbook and every import through open_workbook."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "emulation/spreadsheets.py")) or "/tests/" in relative:
            continue
        if relative.startswith(("tests/", "bench/", "var/")):
            continue
        if re.search(r"from openpyxl import .*\b(Workbook|load_workbook)\b", path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert not offenders, offenders


# --- B8: Excel bombs ---------------------------------------------------------------------------


def _workbook_bytes(cells, declared=None, extra_part=None):
    """An .xlsx with ``cells`` ({"A1": value}), its sheet's <dimension> rewritten to
    ``declared``, and optionally an extra part of that many zero bytes (a deflate bomb)."""
    workbook = Workbook()
    for ref, value in cells.items():
        workbook.active[ref] = value
    buffer = BytesIO()
    workbook.save(buffer)
    if declared is None and extra_part is None:
        return buffer.getvalue()
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            if declared and item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
            zf.writestr(item, data)
        if extra_part:
            zf.writestr("xl/media/padding.bin", b"\0" * extra_part)
    return out.getvalue()


def _sheet_of(body, name="sheet1.xml", encoding="utf-8"):
    """An .xlsx whose only sheet is ``body`` inside <sheetData>, with no <dimension>, stored
    as ``xl/worksheets/<name>`` (openpyxl follows the relationships, whatever the name)."""
    buffer = BytesIO()
    Workbook().save(buffer)
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data, filename = source.read(item.filename), item.filename
            if filename == "xl/worksheets/sheet1.xml":
                data, filename = sheet + body + b"</sheetData></worksheet>", f"xl/worksheets/{name}"
                data = data.decode().encode(encoding)
            elif filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet1.xml", f"worksheets/{name}".encode())
            zf.writestr(filename, data)
        zf.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)  # a binary part
    return out.getvalue()


def test_a_workbook_with_a_binary_part_and_a_renamed_sheet_still_opens():
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>Năm</t></is></c></row>'.encode()
    data = _sheet_of(row, name="sheet1.bin")
    assert read_rows(BytesIO(data)) == [["Năm"]]


@pytest.mark.parametrize(
    "unit, name, encoding",
    [
        (b"<a/>", "sheet1.xml", "utf-8"),
        (b"<row/>", "sheet1.xml", "utf-8"),
        (b"<a/>", "sheet1.bin", "utf-8"),
        (b"<a/>", "sheet1.XML", "utf-8"),
        (b"<a/>", "sheet1.xml", "utf-16-be"),  # no byte order mark: starts with \x00<
    ],
    ids=["elements", "rows", "renamed-bin", "renamed-upper", "utf-16-without-bom"],
)
def test_a_sheet_of_tiny_elements_is_refused_before_openpyxl_reads_it(settings, unit, name, encoding, monkeypatch):
    """The attack rerun's break: 97 KB unpacking to 95 MB of <a/>, no <dimension>, made
    openpyxl's read-only mode keep every element (2,3 GB, 51 s). The parts are now streamed
    and counted first; openpyxl is never called."""
    from emulation import spreadsheets

    settings.IMPORT_MAX_ELEMENTS, settings.IMPORT_MAX_ROWS = 10_000, 5_000
    data = _sheet_of(unit * 20_000, name=name, encoding=encoding)  # the attack reruns' bypasses
    assert len(data) < 10_000

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was reached")

    monkeypatch.setattr(spreadsheets, "load_workbook", never)
    with pytest.raises(ValidationError) as refused:
        open_workbook(BytesIO(data))
    assert refused.value.code == "too_large"


@pytest.mark.parametrize("encoding", ["utf-32-be", "utf-32-le", "utf-32"])
def test_a_sheet_expat_cannot_read_is_refused_not_skipped(encoding, monkeypatch):
    """lxml (openpyxl's parser of some parts) reads UTF-32 without a byte order mark; expat
    does not, so such a part cannot be counted: the workbook is refused, not passed on."""
    from emulation import spreadsheets

    monkeypatch.setattr(spreadsheets, "load_workbook", lambda *a, **k: pytest.fail("openpyxl was reached"))
    with pytest.raises(ValueError):
        open_workbook(BytesIO(_sheet_of(b"<a/>" * 10, encoding=encoding)))


def test_a_workbook_part_with_a_document_type_is_not_a_workbook():
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(_sheet_of(b""))) as source, zipfile.ZipFile(buffer, "w") as zf:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                part = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + part
            zf.writestr(item.filename, part)
    with pytest.raises(ValueError):
        open_workbook(BytesIO(buffer.getvalue()))


def test_a_declared_dimension_is_not_trusted():
    """A few bytes declaring 30.000 rows × 100 columns are read as the two rows they hold
    (declaring A1:XFD1048576 made the import build 17 billion cells)."""
    data = _workbook_bytes({"A1": "Năm", "B1": "Danh hiệu", "A2": 2021}, declared="A1:CV30000")
    assert read_rows(BytesIO(data)) == [["Năm", "Danh hiệu"], [2021, None]]


def test_the_full_sheet_dimension_bomb_is_read_in_a_moment():
    data = _workbook_bytes({"A1": "Năm"}, declared="A1:XFD1048576")
    assert len(data) < 10_000
    assert read_rows(BytesIO(data)) == [["Năm"]]


@pytest.mark.parametrize(
    "cells, limit",
    [
        ({"A1": "x", "A61": "y"}, {"IMPORT_MAX_ROWS": 50}),
        ({"A1": "x", "GR1": "y"}, {"IMPORT_MAX_COLUMNS": 100}),
    ],
    ids=["rows", "columns"],
)
def test_sheets_over_the_limits_are_refused_before_they_are_read(settings, cells, limit):
    for name, value in limit.items():
        setattr(settings, name, value)
    with pytest.raises(ValidationError) as refused:
        read_rows(BytesIO(_workbook_bytes(cells)))
    assert refused.value.code == "too_large"


def test_a_deflate_bomb_is_refused_by_its_unpacked_size(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = _workbook_bytes({"A1": "x"}, extra_part=4 * 1024 * 1024)
    assert len(data) < 100_000
    with pytest.raises(ValidationError) as refused:
        open_workbook(BytesIO(data))
    assert refused.value.code == "too_large"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        read_rows(BytesIO(_workbook_bytes({"A1": "x" * 5000, "A2": "y" * 5000})))
    assert refused.value.code == "too_large"


def test_the_award_history_import_says_the_bomb_is_too_large_in_vietnamese(client, login, demo, settings):
    settings.IMPORT_MAX_ROWS = 50
    login("bo")
    upload = ContentFile(_workbook_bytes({"A1": "Năm", "A99": 2021}), name="lich-su.xlsx")
    response = client.post("/awards/history/", {"file": upload})
    assert response.status_code == 200
    assert "quá lớn" in response.content.decode()


def test_the_criteria_table_import_is_bounded_too(settings):
    from scoring import sheets

    settings.IMPORT_MAX_ROWS = 50
    with pytest.raises((ValueError, ValidationError)):
        sheets.open_workbook(BytesIO(_workbook_bytes({"A1": "Số TT", "A99": 1})))
    rows = sheets.open_workbook(BytesIO(_workbook_bytes({"A1": "Số TT"}, declared="A1:XFD1048576")))
    assert rows.criteria_rows == [["Số TT"]]


# --- B9 and B12: the login ---------------------------------------------------------------------


def _login(client, password, forwarded):
    return client.post(
        "/accounts/login/",
        {"username": "canbo", "password": password},
        REMOTE_ADDR="10.0.0.1",  # the TLS proxy
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_wrong_passwords_lock_the_sender_not_the_user(client, demo, settings):
    from emulation.demo import DEMO_PASSWORD

    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(5):
        # the attacker also rotates the part of the header the proxy does not write
        _login(client, "sai-mat-khau", f"192.0.2.{attempt}, 203.0.113.7")
    assert _login(client, DEMO_PASSWORD, "203.0.113.7").status_code == 429
    response = _login(client, DEMO_PASSWORD, "198.51.100.9")
    assert response.status_code == 302 and client.session["_auth_user_id"]


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, demo, settings):
    from emulation.demo import DEMO_PASSWORD

    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(5):
        _login(client, "sai-mat-khau", f"203.0.113.{attempt}")
    assert _login(client, DEMO_PASSWORD, "198.51.100.9").status_code == 429


def test_a_forged_or_short_forwarded_header_falls_back_to_the_peer(rf, settings):
    from emulation.security import client_ip

    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="a, not-an-ip, 10.0.0.2")) == "10.0.0.1"
    assert (
        client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 10.0.0.2")) == "2.2.2.2"
    )


def test_a_ten_thousand_character_login_name_is_an_ordinary_failure(client, demo):
    from axes.models import AccessAttempt, AccessFailureLog

    response = client.post("/accounts/login/", {"username": "a" * 10_000, "password": "x"})
    assert response.status_code == 200
    names = list(AccessAttempt.objects.values_list("username", flat=True))
    names += list(AccessFailureLog.objects.values_list("username", flat=True))
    assert names and max(len(name) for name in names) <= 255


# --- B13: uploads are stored and served by their content -----------------------------------------


@pytest.fixture
def polyglot_attachment(demo):
    from django.contrib.auth import get_user_model

    from awards.models import Attachment, Nomination

    attachment = Attachment(
        nomination=Nomination.objects.order_by("pk").first(),
        description="Tờ trình",
        original_name="poly.html",
        uploaded_by=get_user_model().objects.get(username="bo"),
    )
    attachment.file.save("poly.html", ContentFile(POLYGLOT), save=True)
    return attachment


def test_a_pdf_named_html_is_stored_as_pdf(polyglot_attachment):
    assert polyglot_attachment.file.name.endswith(".pdf")
    assert Path(polyglot_attachment.file.path).read_bytes() == POLYGLOT


def test_a_pdf_named_html_is_served_as_a_pdf_attachment(polyglot_attachment):
    from emulation.files import serve_private

    response = serve_private(polyglot_attachment.file, "poly.html")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_content_is_served_as_bytes_to_save(settings, tmp_path):
    from django.core.files.storage import default_storage

    from emulation.files import serve_private

    name = default_storage.save("x/page.svg", ContentFile(b"<svg onload=alert(1)>"))
    assert name.endswith(".bin")

    class Stored:
        def __init__(self, name):
            self.name = name

        def open(self, mode):
            return default_storage.open(self.name, mode)

    response = serve_private(Stored(name), "page.svg")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


# --- B14: request bodies ---------------------------------------------------------------------


class UnreadableBody:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_an_anonymous_600_megabyte_post_is_refused_before_it_is_read(client):
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(600 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "MB" in response.content.decode()


def test_the_body_limits_hold_together(settings):
    assert settings.MIDDLEWARE[0] == "emulation.middleware.RequestSizeLimitMiddleware"
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BYTES
    assert settings.MAX_UPLOAD_SIZE < settings.MAX_REQUEST_BYTES


def test_an_ordinary_upload_under_the_limit_still_passes(client, settings):
    settings.MAX_REQUEST_BYTES = 10_000
    response = client.post("/accounts/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 200


# --- B16: /healthz ---------------------------------------------------------------------------


def test_healthz_names_no_host_port_or_error(client, monkeypatch):
    from django.db import OperationalError

    from emulation import health

    def refused():
        raise OperationalError('connection to server at "10.20.30.40", port 6543 failed: Connection refused')

    monkeypatch.setattr(health, "_database", refused)
    monkeypatch.setattr(health, "_broker_url", lambda: "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "failing", "broker": "failing"}


# --- B12: raw POST keys and years out of range -------------------------------------------------


@pytest.fixture
def draft_vote(demo):
    """A vote of the cluster `truongcum` heads, put back to draft, and that head."""
    from django.contrib.auth import get_user_model

    from awards.models import Vote

    head = get_user_model().objects.get(username="truongcum")
    vote = next(vote for vote in Vote.objects.order_by("pk") if head.has_perm("awards.manage_vote", vote))
    Vote.objects.filter(pk=vote.pk).update(state=Vote.State.DRAFT)
    vote.refresh_from_db()
    return vote, head


@pytest.mark.parametrize("value", ["abc", "1.5", "1\x00", "9" * 25])
def test_a_malformed_official_for_the_roll_is_not_found(client, draft_vote, value):
    vote, head = draft_vote
    client.raise_request_exception = False
    client.force_login(head)
    voter = vote.voters.order_by("pk").first()
    response = client.post(f"/awards/votes/{vote.pk}/voters/{voter.pk}/", {"official": value})
    assert response.status_code == 404


@pytest.mark.parametrize("field", ["present", "version"])
@pytest.mark.parametrize("value", ["abc", "7\x00", "1e3"])
def test_malformed_presence_or_version_when_opening_a_vote_is_refused_politely(client, draft_vote, field, value):
    vote, head = draft_vote
    client.raise_request_exception = False
    client.force_login(head)
    data = {"present": [str(v.unit_id) for v in vote.voters.all()], "version": str(vote.version), field: value}
    response = client.post(f"/awards/votes/{vote.pk}/open/", data)
    assert response.status_code == 302


@pytest.mark.parametrize("url", ["/setup/0/", "/setup/99999/", "/reports/sector/40000/", "/reports/sector/70000/"])
def test_years_out_of_range_in_a_url_are_not_found(client, login, demo, url):
    client.raise_request_exception = False
    login("bo")
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_a_malformed_version_is_a_stale_form():
    from emulation.concurrency import check_version

    class Row:
        version = 3

    for value in ("abc", "1e3", "3\x00", ""):
        with pytest.raises(ValidationError) as refused:
            check_version(Row(), value)
        assert refused.value.code == "stale"
