import pytest

from emulation.models import Cluster, Membership

from .factories import ClusterFactory, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db

ROLES = ["canbo", "thutruong", "truongcum", "bo", "admin"]


def test_pages_need_a_login(client, demo):
    for url in ["/", "/clusters/", "/units/", "/setup/2024/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("username", ROLES)
def test_every_role_sees_its_dashboard_in_vietnamese(client, login, demo, username):
    login(username)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Việc cần làm" in html
    assert 'lang="vi"' in html


def test_the_official_sees_their_unit_and_clusters(client, login, demo):
    login("canbo")
    html = client.get("/").content.decode()
    assert "Cục Thi hành án dân sự tỉnh Lào Cai" in html
    assert "Khu vực thi đua khối cơ quan Tư pháp các tỉnh miền núi biên giới phía Bắc" in html
    assert "Sở Tư pháp tỉnh Lào Cai" in html  # head in 2023
    assert "Cán bộ đơn vị" in html


def test_ministry_staff_see_every_cluster_and_the_setup_link(client, login, demo):
    login("bo")
    response = client.get("/?year=2018")
    html = response.content.decode()
    assert "Cán bộ Bộ" in html
    assert "Sở Tư pháp tỉnh Thừa Thiên Huế" in html  # central region head in 2018
    assert "/setup/2019/" in html


def test_cluster_head_staff_role_is_shown_only_in_their_years(client, login, demo):
    login("truongcum")
    assert "Cán bộ Cụm trưởng" in client.get("/?year=2023").content.decode()
    assert "Cán bộ Cụm trưởng" not in client.get("/?year=2022").content.decode()


def test_cluster_page_shows_members_and_leaders_by_year(client, login, demo):
    login("canbo")
    response = client.get("/clusters/khu-vuc-mien-nui-bien-gioi-phia-bac/?year=2022")
    assert response.status_code == 200
    assert len(response.context["members"]) == 14
    assert response.context["leaders"]["head"].name == "Sở Tư pháp tỉnh Sơn La"
    assert [row["year"] for row in response.context["history"]] == [2023, 2022]
    assert response.context["history"][0]["head"].name == "Sở Tư pháp tỉnh Lào Cai"


def test_unit_page_lists_clusters_over_the_years(client, login, demo):
    login("canbo")
    response = client.get("/units/cuc-thi-hanh-an-dan-su-tinh-lao-cai/")
    assert response.status_code == 200
    assert [m.year for m in response.context["memberships"]] == [2023, 2023, 2022, 2022]
    assert len(response.context["officials"]) == 3  # canbo, thutruong and the council member hoidong


def test_unknown_pages_are_404(client, login, demo):
    login("canbo")
    assert client.get("/clusters/khong-co/").status_code == 404
    assert client.get("/units/khong-co/").status_code == 404


def test_year_setup_is_for_ministry_staff_only(client, login, demo):
    login("truongcum")
    assert client.get("/setup/2024/").status_code == 403
    assert client.post("/setup/2024/", {"copy": "1"}).status_code == 403
    assert not Membership.objects.filter(year=2024).exists()


def test_ministry_staff_set_up_a_new_year(client, login, demo):
    login("bo")
    response = client.post("/setup/2024/", {"copy": "1"}, follow=True)
    assert "đã được sao chép" in response.content.decode()
    assert Membership.objects.filter(year=2024).count() == Membership.objects.filter(year=2023).count()
    response = client.get("/setup/2024/")
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    row = next(row for row in response.context["setup"] if row["cluster"] == north)
    proposed = row["form"].initial["head"]
    assert proposed not in (None, north.memberships.get(year=2023, role="head").unit_id)
    data = {}
    for row in response.context["setup"]:
        if row["units"]:
            ids = list(row["units"])
            data.update({f"c{row['cluster'].pk}-head": ids[0], f"c{row['cluster'].pk}-deputy_1": ids[1]})
    response = client.post("/setup/2024/", data, follow=True)
    assert response.status_code == 200
    heads = Membership.objects.filter(year=2024, role="head").count()
    assert heads == sum(1 for row in response.context["setup"] if row["units"])


def test_a_year_after_unset_years_copies_the_latest_members(client, login, demo):
    """The demo's members end in 2023: setting up 2026 copies 2023's, not 2025's nothing."""
    login("bo")
    page = client.get("/setup/2026/")
    assert page.context["copy_from"] == 2023 and "từ năm 2023" in page.content.decode()
    response = client.post("/setup/2026/", {"copy": "1"}, follow=True)
    assert Membership.objects.filter(year=2026).count() == Membership.objects.filter(year=2023).count() > 0
    assert "từ năm 2023" in response.content.decode()
    assert client.get("/setup/2024/").context["copy_from"] == 2023


def test_year_setup_refuses_the_same_unit_twice(client, login, demo):
    login("bo")
    client.post("/setup/2024/", {"copy": "1"})
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    unit_id = north.memberships.filter(year=2024).first().unit_id
    response = client.post("/setup/2024/", {f"c{north.pk}-head": unit_id, f"c{north.pk}-deputy_1": unit_id})
    assert response.status_code == 200
    assert "khác nhau" in response.content.decode()
    assert not Membership.objects.filter(year=2024).leaders().exists()


PAGES = [
    "/",
    "/clusters/",
    "/units/",
    "/clusters/khu-vuc-mien-nui-bien-gioi-phia-bac/",
    "/units/cuc-thi-hanh-an-dan-su-tinh-lao-cai/",
    "/setup/2023/",
    "/setup/2024/",  # members copied, no head yet: each cluster's head is proposed by rotation
]


def _query_counts(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_pages_run_a_fixed_number_of_queries(client, login, demo, django_assert_max_num_queries):
    login("bo")
    client.get("/")  # session and caches warm
    before = _query_counts(client)
    for _ in range(30):
        cluster = ClusterFactory()
        for role in ("head", "deputy", "member", "member"):
            membership = MembershipFactory(cluster=cluster, unit=UnitFactory(), year=2023, role=role)
            MembershipFactory(cluster=cluster, unit=membership.unit, year=2024)
    assert _query_counts(client) == before
    for url in PAGES:  # the dashboard: one query per app's to-do provider and the bell
        with django_assert_max_num_queries(20):
            client.get(url)


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"


def test_healthz_says_which_part_is_down(client, monkeypatch):
    from emulation import health

    monkeypatch.setattr(health, "_broker_url", lambda: "redis://127.0.0.1:1/0")  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "failing"


def test_english_is_available_from_the_switch(client, login, demo):
    login("canbo")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert "Needs your action" in response.content.decode()


def test_a_browser_asking_for_english_still_gets_vietnamese_until_the_switch(client, login, demo):
    login("canbo")
    asking = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert "Việc cần làm" in client.get("/", **asking).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Needs your action" in client.get("/", **asking).content.decode()
