"""Electronic signatures (issue 17): a report built on the demo is signed with a key of a test
certification authority made here, configured as production would be (files named by the
settings); the verify page says who signed, when, and whether the file changed since."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from emulation.models import Cluster, Membership, Official
from emulation.tests.factories import OfficialFactory, UserFactory
from reports import services, signing
from reports.documents import render_pdf
from reports.models import ReportJob, ReportKind
from reports.transitions import job_actions

from .ca import PASSPHRASE, make_ca
from .conftest import NORTH
from .factories import ReportJobFactory
from .pdf import pdf_pages
from .test_documents import build

pytestmark = pytest.mark.django_db

SIGNER = "Nguyễn Văn A"
ORGANISATION = "Sở Tư pháp tỉnh Sơn La"


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return make_ca(tmp_path_factory.mktemp("ca"), SIGNER, ORGANISATION)


@pytest.fixture(scope="module")
def report_pdf(full_demo, django_db_blocker):
    """The north cluster's 2022 year-end report, built once for the module."""
    with django_db_blocker.unblock():
        north = Cluster.objects.get(slug=NORTH)
        return build(ReportKind.CLUSTER_YEAR, 2022, north, number="15").pdf


@pytest.fixture
def configured(settings, ca):
    """The key as production gives it: a PKCS#12 file and its passphrase, the root to trust."""
    settings.SIGNING_KEY_FILE = str(ca.p12_file)
    settings.SIGNING_KEY_PASSPHRASE = PASSPHRASE
    settings.SIGNING_CERT_FILE = ""
    settings.SIGNING_TRUST_ROOTS = [str(ca.root_file)]
    return settings


@pytest.fixture(scope="module")
def signed_pdf(report_pdf, ca):
    from django.test import override_settings

    with override_settings(SIGNING_KEY_FILE=str(ca.p12_file), SIGNING_KEY_PASSPHRASE=PASSPHRASE):
        signed = signing.sign(report_pdf, signing.load_signer())
    if os.environ.get("SIGNING_PDF_DIR"):  # to look at: pdftoppm -r 70 -png -f N signed.pdf signed
        Path(os.environ["SIGNING_PDF_DIR"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["SIGNING_PDF_DIR"]) / "signed.pdf").write_bytes(signed)
    return signed


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_a_signed_report_verifies_intact_and_trusted_with_the_signers_name(configured, signed_pdf):
    result = signing.verify(signed_pdf)
    assert result.signed and result.intact and result.trusted and result.valid
    assert result.signer_name == SIGNER
    assert result.organisation == ORGANISATION
    assert result.signed_at is not None
    assert "hợp lệ" in result.message


def test_the_signature_is_pades_and_covers_the_whole_file(configured, signed_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    reader = PdfFileReader(BytesIO(signed_pdf))
    (embedded,) = reader.embedded_signatures
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE


def test_a_pem_key_and_certificate_sign_too(settings, ca, report_pdf):
    settings.SIGNING_KEY_FILE = str(ca.key_file)
    settings.SIGNING_CERT_FILE = str(ca.cert_file)
    settings.SIGNING_KEY_PASSPHRASE = ""
    settings.SIGNING_TRUST_ROOTS = [str(ca.root_file)]
    assert signing.verify(signing.sign(report_pdf, signing.load_signer())).valid


def test_one_changed_byte_makes_the_signature_invalid(configured, signed_pdf, report_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    (embedded,) = PdfFileReader(BytesIO(signed_pdf)).embedded_signatures
    start, length = int(embedded.byte_range[0]), int(embedded.byte_range[1])
    position = start + length // 2  # in the signed content, far from the signature itself
    changed = bytearray(signed_pdf)
    changed[position] ^= 0x01
    result = signing.verify(bytes(changed))
    assert result.signed and not result.intact and not result.valid
    assert "KHÔNG hợp lệ" in result.message


def test_content_appended_after_signing_is_a_change(configured, signed_pdf):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    writer.root["/Lang"] = writer.root.get("/Lang", "vi")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    assert not signing.verify(out.getvalue()).intact


def test_an_unsigned_pdf_is_not_signed(report_pdf):
    result = signing.verify(report_pdf)
    assert result.readable and not result.signed and not result.valid
    assert result.message == "Văn bản này không có chữ ký số."


def test_a_file_that_is_no_pdf_is_unreadable():
    assert not signing.verify(b"%PDF-1.7 nothing else").readable


def test_without_a_configured_root_the_signer_is_not_trusted(settings, signed_pdf):
    settings.SIGNING_TRUST_ROOTS = []
    result = signing.verify(signed_pdf)
    assert result.intact and not result.trusted and result.signer_name == SIGNER


def test_a_certificate_of_another_authority_is_not_trusted(settings, signed_pdf, tmp_path):
    other = make_ca(tmp_path, "Kẻ Giả Mạo", "Không ai", root_name="CA khác")
    settings.SIGNING_TRUST_ROOTS = [str(other.root_file)]
    assert not signing.verify(signed_pdf).trusted


def test_the_visible_signature_is_on_the_signature_block_of_the_last_page(signed_pdf, report_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(signed_pdf))
    page_index, box = signing.signature_box(PdfFileReader(BytesIO(report_pdf)))
    pages = pdf_pages(signed_pdf)
    assert page_index == len(pages) - 1, "the signer's block is on the last page"
    assert box != signing.FALLBACK_BOX, "found from the template's anchors"
    field = reader.root["/AcroForm"]["/Fields"][0].get_object()
    assert [round(float(v)) for v in field["/Rect"]] == list(box)
    last = reader.root["/Pages"]["/Kids"][-1].get_object()
    assert field["/P"].get_object() == last

    # Between the signer's role and their name, covering no word of the document.
    page = pages[-1]
    x1, y1, x2, y2 = box
    top, bottom = page.height - y2, page.height - y1
    unsigned_words = pdf_pages(report_pdf)[-1].words
    covered = [w.text for w in unsigned_words if w.x1 > x1 and w.x0 < x2 and w.y1 > top and w.y0 < bottom]
    assert not covered
    above = [w for w in unsigned_words if w.x0 >= x1 - 1 and w.x1 <= x2 + 1 and w.y1 <= top]
    below = [w for w in unsigned_words if w.x0 >= x1 - 1 and w.x1 <= x2 + 1 and w.y0 >= bottom]
    assert "TRƯỞNG" in " ".join(w.text for w in above if top - w.y1 < 60), "the signer's role is just above"
    assert below, "the signer's name is printed under the box"
    stamp = [w.text for w in page.words if w.x0 >= x1 and w.x1 <= x2 and w.y0 >= top and w.y1 <= bottom]
    assert f"Ký bởi: {SIGNER}" in " ".join(stamp)


def test_a_pdf_without_the_anchors_is_signed_in_the_fixed_box_of_its_last_page(configured):
    from pyhanko.pdf_utils.reader import PdfFileReader

    plain = render_pdf("<html><body><p>Một</p><p style='page-break-before: always'>Hai</p></body></html>").pdf
    signed = signing.sign(plain, signing.load_signer())
    reader = PdfFileReader(BytesIO(signed))
    assert signing.signature_box(reader)[0] == 1
    field = reader.root["/AcroForm"]["/Fields"][0].get_object()
    assert [round(float(v)) for v in field["/Rect"]] == list(signing.FALLBACK_BOX)
    assert signing.verify(signed).valid


# -- the verify page --------------------------------------------------------------------


def upload(client, content, name="van-ban.pdf", **extra):
    return client.post("/reports/verify/", {"document": SimpleUploadedFile(name, content)}, **extra)


def test_the_verify_page_is_public_and_vietnamese(client):
    response = client.get("/reports/verify/")
    assert response.status_code == 200
    assert "Kiểm tra văn bản đã ký số" in response.content.decode()


def test_the_verify_page_names_the_signer_of_an_uploaded_pdf(client, configured, signed_pdf, settings):
    before = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else []
    response = upload(client, signed_pdf)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="verify-result"' in page and SIGNER in page and ORGANISATION in page
    assert "Chữ ký hợp lệ" in page
    after = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else []
    assert after == before, "the upload is never stored"


def test_the_verify_page_says_a_changed_file_is_invalid(client, configured, signed_pdf):
    changed = bytearray(signed_pdf)
    changed[len(changed) // 3] ^= 0x01
    page = upload(client, bytes(changed)).content.decode()
    assert "KHÔNG hợp lệ" in page or "không đọc được" in page.lower()


def test_the_verify_page_says_an_unsigned_pdf_is_not_signed(client, report_pdf):
    assert "Văn bản này không có chữ ký số." in upload(client, report_pdf).content.decode()


def test_the_verify_page_refuses_a_file_that_is_no_pdf(client):
    response = upload(client, b"PK\x03\x04 a spreadsheet", name="bang.xlsx")
    assert response.status_code == 400
    assert "Chỉ kiểm tra được tệp PDF." in response.content.decode()


def test_the_verify_page_refuses_a_file_over_the_limit(client, settings):
    settings.VERIFY_MAX_BYTES = 1000
    response = upload(client, b"%PDF-1.7\n" + b"0" * 2000)
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()


def test_the_verify_page_is_throttled_per_address(client, settings, report_pdf):
    from django.core.cache import cache

    cache.clear()
    settings.VERIFY_PER_MINUTE = 2
    codes = [upload(client, b"%PDF-1.7 x", REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    assert codes[:2] != [429, 429] and codes[2] == 429
    assert upload(client, b"%PDF-1.7 x", REMOTE_ADDR="203.0.113.10").status_code != 429
    cache.clear()


# -- signing a report job: who, when, once ----------------------------------------------


def _official(unit):
    user = UserFactory()
    OfficialFactory(user=user, unit=unit)
    return user


@pytest.fixture
def done_job(full_demo, db, report_pdf):
    north = Cluster.objects.get(slug=NORTH)
    job = ReportJobFactory(cluster=north, year=2022, kind=ReportKind.CLUSTER_YEAR, state=ReportJob.State.DONE)
    job.pdf.save("bao-cao.pdf", ContentFile(report_pdf), save=True)
    return job


@pytest.fixture
def roles(full_demo, db):
    from django.contrib.auth import get_user_model

    memberships = Membership.objects.filter(cluster__slug=NORTH, year=2022).select_related("unit")
    head = next(m.unit for m in memberships if m.role == Membership.Role.HEAD)
    member = next(m.unit for m in memberships if m.role != Membership.Role.HEAD)
    return {
        "ministry": get_user_model().objects.get(username="bo"),
        "head_staff": _official(head),
        "member": _official(member),
    }


def test_the_head_units_official_signs_the_clusters_report_and_history_says_so(configured, done_job, roles):
    signed = services.sign_report(done_job, roles["head_staff"])
    assert signed.is_signed and signed.signed_by == roles["head_staff"] and signed.signed_at
    assert done_job.pdf.read()[:5] == b"%PDF-"
    with signed.signed_pdf.open("rb") as handle:
        result = signing.verify(handle.read())
    assert result.valid and result.signer_name == SIGNER
    last = signed.history.first()
    assert last.history_user == roles["head_staff"] and last.signed_pdf


def test_signing_twice_is_refused(configured, done_job, roles):
    services.sign_report(done_job, roles["ministry"])
    with pytest.raises(ValidationError, match="đã được ký"):
        services.sign_report(done_job, roles["ministry"])


def test_a_member_that_is_not_the_head_may_not_sign(configured, done_job, roles):
    with pytest.raises(PermissionDenied):
        services.sign_report(done_job, roles["member"])


@pytest.mark.parametrize("state", [ReportJob.State.QUEUED, ReportJob.State.RUNNING, ReportJob.State.FAILED])
def test_only_a_finished_report_is_signed(configured, done_job, roles, state):
    ReportJob.objects.filter(pk=done_job.pk).update(state=state)
    done_job.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.sign_report(done_job, roles["ministry"])
    assert refused.value.code == "state"


def test_a_pledge_agreement_is_not_signed(configured, done_job, roles):
    ReportJob.objects.filter(pk=done_job.pk).update(kind=ReportKind.PLEDGE_AGREEMENT)
    done_job.refresh_from_db()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.sign_report(done_job, roles["ministry"])


def test_without_a_key_signing_is_refused_with_a_clear_message(settings, done_job, roles):
    settings.SIGNING_KEY_FILE = ""
    with pytest.raises(ValidationError, match="Máy chủ chưa được cấu hình khóa ký số"):
        services.sign_report(done_job, roles["ministry"])


@pytest.mark.parametrize(("role", "offered"), [("head_staff", True), ("ministry", True), ("member", False)])
def test_the_job_page_offers_the_sign_button_exactly_when_the_service_accepts(
    client, configured, done_job, roles, role, offered
):
    from django.db import transaction

    user = roles[role]
    client.force_login(user)
    page = client.get(f"/reports/jobs/{done_job.pk}/").content.decode()
    assert ('data-testid="sign"' in page) == offered
    try:
        with transaction.atomic():
            services.sign_report(done_job, user)
            accepted = True
            transaction.set_rollback(True)
    except (ValidationError, PermissionDenied):
        accepted = False
    assert accepted == offered


def test_the_sign_button_is_hidden_without_a_key(client, settings, done_job, roles):
    settings.SIGNING_KEY_FILE = ""
    client.force_login(roles["ministry"])
    assert 'data-testid="sign"' not in client.get(f"/reports/jobs/{done_job.pk}/").content.decode()


def test_signing_from_the_page_then_downloading_the_signed_file(client, configured, done_job, roles):
    client.force_login(roles["head_staff"])
    response = client.post(f"/reports/jobs/{done_job.pk}/sign/")
    assert response.status_code == 302
    page = client.get(f"/reports/jobs/{done_job.pk}/").content.decode()
    assert 'data-testid="download-signed"' in page and 'data-testid="sign"' not in page
    download = client.get(f"/reports/jobs/{done_job.pk}/download/signed/")
    assert download.status_code == 200 and "-signed.pdf" in download["Content-Disposition"]
    assert signing.verify(b"".join(download.streaming_content)).valid
    again = client.post(f"/reports/jobs/{done_job.pk}/sign/", follow=True)
    assert "đã được ký" in again.content.decode()


def test_an_unsigned_job_has_no_signed_download(client, done_job, roles):
    client.force_login(roles["ministry"])
    assert client.get(f"/reports/jobs/{done_job.pk}/download/signed/").status_code == 404


def test_a_member_posting_sign_is_refused(client, configured, done_job, roles):
    client.force_login(roles["member"])
    response = client.post(f"/reports/jobs/{done_job.pk}/sign/")
    assert response.status_code == 403
    done_job.refresh_from_db()
    assert not done_job.is_signed


# -- a statistics form (biểu 0601–0603), sent to the Ministry of Home Affairs -------------


def _statistics_job(by, unit=None, form="0602"):
    """A statistics form's job, built by the task here (its hand-over to Celery recorded)."""
    from reports import tasks
    from reports.permissions import Target

    target = Target(ReportKind.STATISTICS, 2023, unit_id=unit.pk if unit else None, form=form)
    job, _created = services.request_report(by, target)
    assert tasks.build_report(job.pk) == "done"
    job.refresh_from_db()
    return job


@pytest.fixture
def statistics_roles(full_demo, db, no_enqueue):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    canbo = users.get(username="canbo")
    other = next(
        o.user for o in Official.objects.exclude(unit=canbo.official.unit).exclude(unit__is_emulation_office=True)
    )
    return {"ministry": users.get(username="bo"), "own": canbo, "other": other, "unit": canbo.official.unit}


def test_a_finished_statistics_form_is_signed_on_its_block_and_a_changed_byte_fails(
    client, configured, statistics_roles
):
    from pyhanko.pdf_utils.reader import PdfFileReader

    job = _statistics_job(statistics_roles["ministry"])
    assert "sign" in job_actions(job, statistics_roles["ministry"])
    signed = services.sign_report(job, statistics_roles["ministry"])
    with signed.signed_pdf.open("rb") as handle:
        content = handle.read()
    result = signing.verify(content)
    assert result.valid and result.signer_name == SIGNER
    # the visible signature sits on the form's signature block, found from its anchors
    with job.pdf.open("rb") as handle:
        assert signing.signature_box(PdfFileReader(BytesIO(handle.read())))[1] != signing.FALLBACK_BOX
    assert "Chữ ký hợp lệ" in upload(client, content).content.decode()

    (embedded,) = PdfFileReader(BytesIO(content)).embedded_signatures
    start, length = int(embedded.byte_range[0]), int(embedded.byte_range[1])
    changed = bytearray(content)
    changed[start + length // 2] ^= 0x01
    assert not signing.verify(bytes(changed)).intact
    assert "KHÔNG hợp lệ" in upload(client, bytes(changed)).content.decode()


@pytest.mark.parametrize(
    ("form_of", "role", "offered"),
    [
        ("unit", "own", True),
        ("unit", "ministry", True),
        ("unit", "other", False),
        ("sector", "ministry", True),
        ("sector", "own", False),
    ],
)
def test_who_signs_a_statistics_form_and_the_page_offers_exactly_that(
    client, configured, statistics_roles, form_of, role, offered
):
    """Ministry staff any form; a unit's officials their unit's (the sector's is the Ministry's)."""
    from django.db import transaction

    unit = statistics_roles["unit"] if form_of == "unit" else None
    job = _statistics_job(statistics_roles["ministry"], unit=unit, form="0603")
    user = statistics_roles[role]
    client.force_login(user)
    page = client.get(f"/reports/jobs/{job.pk}/")
    assert ('data-testid="sign"' in page.content.decode()) == offered
    try:
        with transaction.atomic():
            services.sign_report(job, user)
            accepted = True
            transaction.set_rollback(True)
    except PermissionDenied:
        accepted = False
    assert accepted == offered
