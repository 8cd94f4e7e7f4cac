"""Downloads follow the data's rules: ministry staff everything; cluster head staff
their cluster's years; members their cluster's pledge agreement (and published
vote minutes)."""

import pytest
from django.core.files.base import ContentFile

from emulation.models import Cluster
from reports.models import ReportJob, ReportKind
from reports.permissions import visible_jobs

from .factories import ReportJobFactory

pytestmark = pytest.mark.django_db


def done_job(cluster, kind=ReportKind.CLUSTER_YEAR, year=2022, by=None):
    job = ReportJobFactory(kind=kind, year=year, cluster=cluster, state=ReportJob.State.DONE, progress=100)
    if by is not None:
        job.requested_by = by
    job.pdf.save("x.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.spreadsheet.save("x.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    return job


@pytest.fixture
def jobs(north):
    return {
        "north-2022": done_job(north, year=2022),
        "north-2023": done_job(north, year=2023),
        "agreement-2023": done_job(north, ReportKind.PLEDGE_AGREEMENT, 2023),
        "sector-2023": done_job(None, ReportKind.SECTOR_YEAR, 2023),
        "central-2018": done_job(Cluster.objects.get(slug="khu-vuc-mien-trung-tay-nguyen"), year=2018),
    }


ALLOWED = {
    "bo": {"north-2022", "north-2023", "agreement-2023", "sector-2023", "central-2018"},
    "truongcum": {"north-2023", "agreement-2023"},  # Sở Tư pháp Lào Cai heads the north in 2023 only
    "canbo": {"agreement-2023"},  # a member: the pledge agreement only
    "thutruong": {"agreement-2023"},
}


@pytest.mark.parametrize("username", list(ALLOWED))
def test_who_may_download_what(client, login, jobs, username):
    login(username)
    for name, job in jobs.items():
        response = client.get(f"/reports/jobs/{job.pk}/download/")
        expected = 200 if name in ALLOWED[username] else 403
        assert response.status_code == expected, (username, name, response.status_code)
        if expected == 200:
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
            assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("username", list(ALLOWED))
def test_the_job_list_shows_the_same_jobs(login, jobs, username):
    user = login(username)
    names = {name for name, job in jobs.items() if visible_jobs(user).filter(pk=job.pk).exists()}
    assert names == ALLOWED[username]


def test_the_excel_file_follows_the_same_rule(client, login, jobs):
    login("truongcum")
    response = client.get(f"/reports/jobs/{jobs['north-2023'].pk}/download/xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert client.get(f"/reports/jobs/{jobs['north-2022'].pk}/download/xlsx/").status_code == 403


def test_anonymous_users_are_sent_to_the_login(client, jobs):
    response = client.get(f"/reports/jobs/{jobs['north-2022'].pk}/download/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nothing_to_download_before_the_job_is_done(client, login, north):
    login("bo")
    job = ReportJobFactory(cluster=north)
    assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404
