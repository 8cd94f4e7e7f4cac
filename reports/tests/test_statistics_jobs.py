"""The statistics forms' files (biểu 0601–0603, .xlsx and PDF) are built by a report job: the
page's button queues it, the task builds it, the job's page offers both files, and the job, its
page and its files follow the statistics page's rule (ministry staff every unit and the sector,
a unit's official their own unit only)."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from emulation.models import Official, User
from emulation.tests.factories import OfficialFactory, UserFactory
from reports import tasks
from reports.models import ReportJob, ReportKind
from reports.permissions import visible_jobs

from .pdf import pdf_text

pytestmark = pytest.mark.django_db

URL = "/reports/statistics/2023/"


def _official_of(unit):
    """A new official of ``unit`` (the demo has none in the first units)."""
    user = UserFactory()
    OfficialFactory(user=user, unit=unit)
    return user


def _outsider_to(unit):
    """An official of a unit other than ``unit`` (and not of the emulation office)."""
    others = Official.objects.exclude(unit=unit).exclude(unit__is_emulation_office=True)
    return others.select_related("user").first()


def _ask(client, user, form="0603", unit=None):
    client.force_login(user)
    query = f"?form={form}" + (f"&unit={unit.pk}" if unit else "")
    return client.post(URL + query)


def _built(job):
    """The task, run here in the test's transaction (the worker test below runs the real one)."""
    assert tasks.build_report(job.pk) == "done"
    job.refresh_from_db()
    return job


def _body(response):
    return b"".join(response.streaming_content)


def test_the_button_queues_a_job_and_leads_to_its_page(client, statistics_world, no_enqueue):
    bo = User.objects.get(username="bo")
    response = _ask(client, bo)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert (job.kind, job.year, job.form_code, job.unit, job.cluster) == (
        ReportKind.STATISTICS,
        2023,
        "0603",
        None,
        None,
    )
    assert job.state == ReportJob.State.QUEUED and job.requested_by == bo
    assert no_enqueue == [job.pk]
    again = client.post(URL + "?form=0603", follow=True)  # the same form while it is built: joined
    assert again.redirect_chain[-1][0] == f"/reports/jobs/{job.pk}/"
    assert "bạn dùng chung yêu cầu đó" in again.content.decode()
    # another form, or the same form for a unit, is another document
    _ask(client, bo, form="0601")
    _ask(client, bo, unit=statistics_world[0])
    assert ReportJob.objects.count() == 3 and len(no_enqueue) == 3
    assert ReportJob.objects.filter(form_code="0603", unit=statistics_world[0]).exists()


def test_the_task_builds_the_form_and_the_job_page_offers_both_files(client, statistics_world, no_enqueue):
    bo = User.objects.get(username="bo")
    _ask(client, bo)
    job = _built(ReportJob.objects.get())
    assert job.state == ReportJob.State.DONE and job.progress == 100 and job.page_count >= 1
    page = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert 'data-testid="download-pdf"' in page and 'data-testid="download-xlsx"' in page
    assert "Biểu dạng Excel (.xlsx)" in page  # the form itself, not "the tables"
    pdf = client.get(f"/reports/jobs/{job.pk}/download/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="bieu-0603-2023.pdf"' in pdf["Content-Disposition"]
    content = _body(pdf)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "BIỂU THỐNG KÊ 0603" in text and "Khen thưởng cấp Bộ" in text
    xlsx = client.get(f"/reports/jobs/{job.pk}/download/xlsx/")
    assert xlsx.status_code == 200 and 'filename="bieu-0603-2023.xlsx"' in xlsx["Content-Disposition"]
    book = load_workbook(BytesIO(_body(xlsx)))
    sheet = book["Biểu 0603"]
    # the same cells as the form on the page (test_statistics.py): flags B3, certificates of merit row 4
    assert sheet["B3"].value == 2
    assert [sheet.cell(4, column).value for column in range(2, 7)] == [3, 1, 2, 1, 1]


def _reading(pdf):
    """The PDF's text in its blocks' order (a column's lines together), without spaces: the
    heading's two columns stand side by side, and a line may break anywhere."""
    import subprocess

    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return "".join(text.split())


def _has(text, phrase):
    return "".join(phrase.split()) in text


def test_the_pdf_has_the_forms_own_heading_and_no_number_line(client, statistics_world, no_enqueue):
    """A statistics form is no dispatch: no "Số: /" line (it has no number of its own) and no
    motto, but the form's code, circular and due day, its reporting and receiving unit, and
    the place and date above the signature of the emulation office's head."""
    bo = User.objects.get(username="bo")
    _ask(client, bo, form="0602")
    job = _built(ReportJob.objects.get())
    text = _reading(_body(client.get(f"/reports/jobs/{job.pk}/download/")))
    assert _has(text, "Biểu số: 0602.N/BNV-TĐKT")
    assert _has(text, "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023")
    assert _has(text, "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo")
    assert _has(text, "Đơn vị báo cáo: Bộ Tư pháp") and _has(text, "Đơn vị nhận báo cáo: Bộ Nội vụ")
    assert "Số:" not in text and "CỘNGHÒA" not in text
    assert _has(text, "Hà Nội, ngày") and _has(text, "VỤ TỔ CHỨC CÁN BỘ")
    # the forms' two signatures: who prepared it (the user who asked), and the unit's head
    assert _has(text, "NGƯỜI LẬP BIỂU") and _has(text, "(Ký, ghi rõ họ tên)") and _has(text, bo.get_full_name())
    assert _has(text, "(Ký, đóng dấu, ghi rõ họ tên)")


def test_a_units_form_is_built_for_that_unit_only(client, statistics_world, no_enqueue):
    unit = statistics_world[0]
    official = _official_of(unit)
    response = _ask(client, official, unit=unit)
    job = _built(ReportJob.objects.get())
    assert response["Location"] == f"/reports/jobs/{job.pk}/" and job.unit == unit
    book = load_workbook(BytesIO(_body(client.get(f"/reports/jobs/{job.pk}/download/xlsx/"))))
    assert book["Biểu 0603"]["B4"].value == 1  # this unit's one certificate of merit
    text = _reading(_body(client.get(f"/reports/jobs/{job.pk}/download/")))
    assert _has(text, f"Đơn vị báo cáo: {unit.name}") and _has(text, "Đơn vị nhận báo cáo: Bộ Tư pháp")
    assert _has(text, unit.name.upper())  # the signer's unit


def test_another_units_official_may_neither_ask_nor_see_nor_download(client, statistics_world, no_enqueue):
    unit = statistics_world[0]
    _ask(client, User.objects.get(username="bo"), unit=unit)
    _ask(client, User.objects.get(username="bo"))  # the sector's
    unit_job, sector_job = (_built(job) for job in ReportJob.objects.order_by("pk"))
    outsider = _outsider_to(unit)
    assert _ask(client, outsider.user, unit=unit).status_code == 403
    assert _ask(client, outsider.user).status_code == 403  # the sector's: ministry staff only
    assert ReportJob.objects.count() == 2
    for job in (unit_job, sector_job):
        for path in ("", "progress/", "download/", "download/xlsx/", "download/docx/"):
            assert client.get(f"/reports/jobs/{job.pk}/{path}").status_code == 403, (job.unit, path)
        assert client.post(f"/reports/jobs/{job.pk}/retry/").status_code == 403
    assert list(visible_jobs(outsider.user)) == []
    # the unit's own official sees their unit's job, never the sector's
    own = _official_of(unit)
    client.force_login(own)
    assert client.get(f"/reports/jobs/{unit_job.pk}/download/").status_code == 200
    assert client.get(f"/reports/jobs/{sector_job.pk}/download/").status_code == 403
    assert list(visible_jobs(own)) == [unit_job]
    assert 'data-testid="job-row"' in client.get(URL + f"?form=0603&unit={unit.pk}").content.decode()


# the demo's roles on a job for canbo's unit (Cục THADS Lào Cai) and on the sector's
SEES = {
    "canbo": {"unit"},
    "thutruong": {"unit"},  # the same unit's head
    "truongcum": set(),  # Sở Tư pháp Lào Cai: another unit, though it heads a cluster
    "bo": {"unit", "sector"},
    "admin": {"unit", "sector"},
}


@pytest.mark.parametrize("username", list(SEES))
def test_each_role_sees_the_jobs_of_the_units_it_may_see(client, core, no_enqueue, username):
    from reports import services
    from reports.permissions import Target

    bo = User.objects.get(username="bo")
    canbo_unit = User.objects.get(username="canbo").official.unit_id
    jobs = {
        "unit": services.request_report(bo, Target(ReportKind.STATISTICS, 2023, unit_id=canbo_unit, form="0601"))[0],
        "sector": services.request_report(bo, Target(ReportKind.STATISTICS, 2023, form="0601"))[0],
    }
    user = User.objects.get(username=username)
    client.force_login(user)
    for name, job in jobs.items():
        expected = 200 if name in SEES[username] else 403
        assert client.get(f"/reports/jobs/{job.pk}/").status_code == expected, (username, name)
    assert {job.pk for job in visible_jobs(user)} == {jobs[name].pk for name in SEES[username]}
    page = client.get(URL, {"form": "0601", "unit": canbo_unit})
    assert page.status_code == (200 if "unit" in SEES[username] else 403)


def test_a_wrong_state_is_refused_with_a_message_not_a_403(client, statistics_world, no_enqueue):
    unit = statistics_world[0]
    official = _official_of(unit)
    _ask(client, official, unit=unit)
    job = _built(ReportJob.objects.get())
    response = client.post(f"/reports/jobs/{job.pk}/retry/", follow=True)
    assert response.status_code == 200
    assert "Chỉ báo cáo bị lỗi mới được lập lại. Trạng thái hiện tại: Hoàn thành." in response.content.decode()
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE and no_enqueue == [job.pk]


def test_the_page_offers_no_file_built_on_the_request(client, statistics_world):
    client.force_login(User.objects.get(username="bo"))
    page = client.get(URL, {"form": "0603"}).content.decode()
    assert 'data-testid="request-statistics"' in page and "format=" not in page
    assert client.get(URL, {"form": "0603", "format": "xlsx"})["Content-Type"].startswith("text/html")


@pytest.mark.worker
def test_the_worker_builds_a_statistics_form(celery_worker, statistics_world):
    from django.test import Client

    from emulation.testing import wait_until

    from .test_worker import settled

    client = Client()
    _ask(client, User.objects.get(username="bo"), form="0602")
    job = ReportJob.objects.get()
    wait_until(lambda: settled(job), timeout=90)
    assert job.state == ReportJob.State.DONE, job.error
    assert job.pdf.read().startswith(b"%PDF")
    assert load_workbook(BytesIO(job.spreadsheet.read()))["Biểu 0602"]["B4"].value == 1  # the Government flag


def test_build_report_builds_a_statistics_form_from_the_command_line(statistics_world, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "bieu.pdf"
    call_command("build_report", "statistics", "--year", "2023", "--form", "0603", "-o", str(out))
    assert "BIỂU THỐNG KÊ 0603" in pdf_text(out.read_bytes())
    assert load_workbook(tmp_path / "bieu.xlsx")["Biểu 0603"]["B3"].value == 2
    call_command(
        "build_report",
        "statistics",
        "--year",
        "2023",
        "--form",
        "0603",
        "--unit",
        statistics_world[0].slug,
        "-o",
        str(out),
    )
    assert load_workbook(tmp_path / "bieu.xlsx")["Biểu 0603"]["B3"].value == 1
    with pytest.raises(CommandError):
        call_command("build_report", "statistics", "--year", "2023", "-o", str(out))  # no --form
