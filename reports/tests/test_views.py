"""The report pages: ask for a report where it belongs, watch it, get the file."""

import pytest

from emulation.models import User
from reports.models import ReportJob, ReportKind

from .factories import ReportJobFactory

pytestmark = pytest.mark.django_db

NORTH_2022 = "/reports/cluster/khu-vuc-mien-nui-bien-gioi-phia-bac/2022/"


def test_the_reports_page_is_in_the_navigation(client, login, core):
    login("canbo")
    html = client.get("/").content.decode()
    assert 'href="/reports/"' in html and "Báo cáo" in html


def test_ministry_staff_ask_for_a_cluster_report(client, login, north, no_enqueue):
    login("bo")
    page = client.get(NORTH_2022)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="cluster_year"' in html and 'value="pledge_agreement"' in html
    response = client.post(NORTH_2022, {"kind": "cluster_year", "document_number": "", "document_date": "2022-11-28"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert (job.kind, job.year, job.cluster, job.requested_by.username) == ("cluster_year", 2022, north, "bo")
    assert str(job.document_date) == "2022-11-28" and no_enqueue == [job.pk]
    # the same request again joins the job
    client.post(NORTH_2022, {"kind": "cluster_year", "document_date": "28/11/2022"})
    assert ReportJob.objects.count() == 1


def test_members_only_see_the_pledge_agreement_button(client, login, north, no_enqueue):
    login("canbo")
    html = client.get(NORTH_2022).content.decode()
    assert 'value="pledge_agreement"' in html and 'value="cluster_year"' not in html
    assert client.post(NORTH_2022, {"kind": "cluster_year"}).status_code == 403
    assert ReportJob.objects.count() == 0


def test_outsiders_get_a_403(client, login, core):
    login("canbo")
    assert client.get("/reports/cluster/khu-vuc-mien-trung-tay-nguyen/2018/").status_code == 403
    assert client.get("/reports/sector/2022/").status_code == 403


def test_the_job_page_polls_while_active_and_stops_when_done(client, login, north):
    login("bo")
    job = ReportJobFactory(cluster=north, state=ReportJob.State.RUNNING, progress=40, message="Đã xong 3/7 phần")
    html = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and f'hx-get="/reports/jobs/{job.pk}/progress/"' in html
    assert "Đã xong 3/7 phần" in html and "40%" in html
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.DONE, progress=100, pdf="reports/x.pdf")
    fragment = client.get(f"/reports/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in fragment and f"/reports/jobs/{job.pk}/download/" in fragment


def test_a_failed_job_shows_its_error_and_a_retry_button(client, login, north, no_enqueue):
    user = login("bo")
    job = ReportJobFactory(cluster=north, requested_by=user, state=ReportJob.State.FAILED, error="OSError: đĩa đầy")
    html = client.get(f"/reports/jobs/{job.pk}/").content.decode()
    assert "OSError: đĩa đầy" in html and f'action="/reports/jobs/{job.pk}/retry/"' in html
    client.post(f"/reports/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.state == ReportJob.State.QUEUED and no_enqueue == [job.pk]


def test_the_job_list_runs_a_fixed_number_of_queries(client, login, north, django_assert_max_num_queries):
    user = login("truongcum")
    for year in (2022, 2023):
        for _ in range(15):
            ReportJobFactory(
                cluster=north,
                year=year,
                kind=ReportKind.PLEDGE_AGREEMENT,
                state=ReportJob.State.DONE,
                requested_by=User.objects.get(username="bo"),
            )
    with django_assert_max_num_queries(13):  # 12 + the bell's unread count
        response = client.get("/reports/?year=2023")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25  # paginated
    assert user.username == "truongcum"


def test_the_sector_page_is_for_ministry_staff(client, login, core, no_enqueue):
    login("bo")
    assert client.get("/reports/sector/2022/").status_code == 200
    response = client.post("/reports/sector/2022/", {"kind": "sector_year"})
    job = ReportJob.objects.get()
    assert job.kind == "sector_year" and job.cluster is None
    assert response["Location"] == f"/reports/jobs/{job.pk}/"


def test_the_admin_lists_jobs_read_only(client, login, north):
    login("admin")
    ReportJobFactory(cluster=north)
    assert client.get("/admin/reports/reportjob/").status_code == 200
    assert client.get("/admin/reports/reportjob/add/").status_code == 403


def test_the_cluster_page_leads_to_its_reports_for_those_allowed(client, login, north):
    from emulation.tests.factories import OfficialFactory

    page = f"/clusters/{north.slug}/?year=2022"
    for username in ("bo", "canbo"):  # ministry staff; a member (its pledge agreement)
        login(username)
        assert f'href="{NORTH_2022}"' in client.get(page).content.decode()
    client.force_login(OfficialFactory().user)  # an official of a unit outside the cluster
    assert NORTH_2022 not in client.get(page).content.decode()
