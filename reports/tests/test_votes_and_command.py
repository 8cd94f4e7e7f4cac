"""Vote minutes: who may ask for and download them (members only once the result is
published), and the command line building the same documents."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from emulation.models import Cluster
from reports.models import ReportJob, ReportKind

from .conftest import NORTH
from .factories import ReportJobFactory
from .pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def votes(full_demo, db):
    from awards.models import Vote

    north = Cluster.objects.get(slug=NORTH)
    return {
        "published": Vote.objects.get(cluster=north, year=2022, title__code="co-thi-dua-chinh-phu"),
        "draft": Vote.objects.get(cluster=north, year=2023),
    }


def minutes_job(vote):
    job = ReportJobFactory(
        kind=ReportKind.VOTE_MINUTES, year=vote.year, cluster=vote.cluster, vote_id=vote.pk, state=ReportJob.State.DONE
    )
    job.pdf.save("m.pdf", ContentFile(b"%PDF-1.7 minutes"))
    return job


@pytest.mark.parametrize(
    "username, published, draft",
    [
        ("bo", 200, 200),  # ministry staff: everything
        ("sonla", 200, 403),  # Sở Tư pháp Sơn La headed 2022, is a plain member in 2023
        ("truongcum", 200, 200),  # Sở Tư pháp Lào Cai: a member in 2022, the head in 2023
        ("canbo", 200, 403),  # a member: published results only
    ],
)
def test_who_may_download_vote_minutes(client, login, votes, username, published, draft):
    login(username)
    for name, expected in (("published", published), ("draft", draft)):
        job = minutes_job(votes[name])
        assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == expected, name


def test_the_vote_page_asks_for_the_minutes(client, login, votes, no_enqueue):
    vote = votes["published"]
    login("canbo")
    page = client.get(f"/reports/vote/{vote.pk}/")
    assert page.status_code == 200 and 'value="vote_minutes"' in page.content.decode()
    response = client.post(f"/reports/vote/{vote.pk}/", {"kind": "vote_minutes"})
    job = ReportJob.objects.get()
    assert (job.kind, job.vote_id, job.cluster_id, job.year) == ("vote_minutes", vote.pk, vote.cluster_id, 2022)
    assert response["Location"] == f"/reports/jobs/{job.pk}/"
    assert client.get(f"/reports/vote/{votes['draft'].pk}/").status_code == 403
    assert client.get("/reports/vote/999999/").status_code == 404


def test_build_report_from_the_command_line(votes, tmp_path):
    out = tmp_path / "bien-ban.pdf"
    call_command("build_report", "vote_minutes", "--vote", str(votes["published"].pk), "-o", str(out))
    text = pdf_text(out.read_bytes())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "84,62%" in text
    assert (tmp_path / "bien-ban.xlsx").exists()
    out = tmp_path / "giao-uoc.pdf"
    call_command("build_report", "pledge_agreement", "--year", "2023", "--cluster", NORTH, "-o", str(out), "--no-xlsx")
    assert "BẢN KÝ KẾT GIAO ƯỚC THI ĐUA" in pdf_text(out.read_bytes())
    with pytest.raises(CommandError):
        call_command("build_report", "cluster_year", "--year", "2022", "-o", str(out))  # no --cluster


def test_the_cluster_reports_page_links_the_votes_a_user_may_see(client, login, votes):
    login("canbo")
    html = client.get(f"/reports/cluster/{NORTH}/2023/").content.decode()
    assert f"/reports/vote/{votes['draft'].pk}/" not in html  # a draft: not for members
    html = client.get(f"/reports/cluster/{NORTH}/2022/").content.decode()
    assert f"/reports/vote/{votes['published'].pk}/" in html
    login("truongcum")
    assert f"/reports/vote/{votes['draft'].pk}/" in client.get(f"/reports/cluster/{NORTH}/2023/").content.decode()
