"""Ministry staff set up clusters, units and members without the admin."""

import pytest

from emulation.models import Cluster, Membership, Unit
from emulation.permissions import headed_cluster_ids
from emulation.services import set_leadership
from emulation.services.setup import unique_slug
from emulation.text import vi_slug

from .factories import ClusterFactory, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, slug",
    [("Cụm VII", "cum-vii"), ("Đắk Lắk", "dak-lak"), ("Sở Tư pháp tỉnh Điện Biên", "so-tu-phap-tinh-dien-bien")],
)
def test_slugs_keep_the_vietnamese_meaning(name, slug):
    assert vi_slug(name) == slug


def test_slugs_are_unique():
    ClusterFactory(slug="cum-vii")
    ClusterFactory(slug="cum-vii-2")
    assert unique_slug(Cluster, "Cụm VII") == "cum-vii-3"


def test_ministry_staff_create_a_cluster_without_typing_a_slug(client, login, demo):
    login("bo")
    response = client.post(
        "/setup/clusters/new/", {"name": "Cụm thi đua số VII", "kind": "cluster", "first_year": 2027}
    )
    cluster = Cluster.objects.get(name="Cụm thi đua số VII")
    assert cluster.slug == "cum-thi-dua-so-vii"
    assert response["Location"] == f"/clusters/{cluster.slug}/"
    assert cluster.history.first().history_user.username == "bo"


def test_a_cluster_name_is_not_taken_twice(client, login, demo):
    login("bo")
    name = Cluster.objects.first().name
    response = client.post("/setup/clusters/new/", {"name": name, "kind": "cluster", "first_year": 2027})
    assert response.status_code == 200 and Cluster.objects.filter(name=name).count() == 1


def test_rename_keeps_the_address_and_end_refuses_later_members(client, login, demo):
    login("bo")
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    client.post(f"/setup/clusters/{north.slug}/edit/", {"rename": "1", "name": "Khu vực I", "short_name": "KV I"})
    north.refresh_from_db()
    assert (north.name, north.slug) == ("Khu vực I", "khu-vuc-mien-nui-bien-gioi-phia-bac")
    response = client.post(f"/setup/clusters/{north.slug}/edit/", {"end": "1", "last_year": 2022})
    assert "2023" in response.content.decode()  # it has members in 2023
    north.refresh_from_db()
    assert north.last_year is None
    client.post(f"/setup/clusters/{north.slug}/edit/", {"end": "1", "last_year": 2023})
    north.refresh_from_db()
    assert north.last_year == 2023 and not Cluster.objects.active_in(2024).filter(pk=north.pk).exists()


def test_create_rename_and_merge_a_unit(client, login, demo):
    login("bo")
    client.post("/setup/units/new/", {"name": "Sở Tư pháp tỉnh Đắk Lắk", "type": "doj", "province": "Đắk Lắk"})
    new = Unit.objects.get(slug="so-tu-phap-tinh-dak-lak")
    old = Unit.objects.get(name="Sở Tư pháp tỉnh Lào Cai")
    client.post(f"/setup/units/{new.slug}/edit/", {"rename": "1", "name": "Sở Tư pháp tỉnh Đắk Lắk mới"})
    new.refresh_from_db()
    assert new.name == "Sở Tư pháp tỉnh Đắk Lắk mới"
    before = list(Membership.objects.filter(unit=old, year__lt=2023).values_list("pk", flat=True))
    client.post(f"/setup/units/{old.slug}/edit/", {"merge": "1", "successor": new.pk, "from_year": 2023})
    old.refresh_from_db()
    assert old.successor == new and not old.active
    assert not Membership.objects.filter(unit=old, year__gte=2023).exists()
    assert Membership.objects.filter(unit=new, year=2023, role="head").exists()  # Lào Cai headed in 2023
    assert list(Membership.objects.filter(unit=old, year__lt=2023).values_list("pk", flat=True)) == before


def test_members_are_added_and_removed_in_bulk(client, login, demo, django_assert_max_num_queries):
    login("bo")
    cluster = ClusterFactory(first_year=2027)
    stay, leave = MembershipFactory(cluster=cluster, year=2027), MembershipFactory(cluster=cluster, year=2027)
    new = [UnitFactory(), UnitFactory(), UnitFactory()]
    url = f"/setup/2027/clusters/{cluster.slug}/members/"
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    client.post(url, {"add": [unit.pk for unit in new], "remove": [leave.unit_id]})
    members = set(Membership.objects.filter(cluster=cluster, year=2027).values_list("unit_id", flat=True))
    assert members == {stay.unit_id, *(unit.pk for unit in new)}


def test_members_of_a_year_the_cluster_is_not_active_are_refused(client, login, demo):
    login("bo")
    cluster = ClusterFactory(first_year=2027)
    response = client.post(f"/setup/2026/clusters/{cluster.slug}/members/", {"add": [UnitFactory().pk]})
    assert response.status_code == 200
    assert not Membership.objects.filter(cluster=cluster).exists()


@pytest.mark.parametrize("username", ["canbo", "thutruong", "truongcum"])
def test_only_ministry_staff_set_up(client, login, demo, username):
    login(username)
    cluster = Cluster.objects.first()
    assert client.post("/setup/clusters/new/", {"name": "X", "kind": "cluster", "first_year": 2027}).status_code == 403
    assert client.post(f"/setup/2023/clusters/{cluster.slug}/members/", {"add": []}).status_code == 403
    assert client.get(f"/setup/units/{Unit.objects.first().slug}/edit/").status_code == 403


def test_headed_cluster_ids_asks_once_per_request_and_sees_changes(demo, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="truongcum")
    bo = get_user_model().objects.get(username="bo")
    north = Cluster.objects.get(slug="khu-vuc-mien-nui-bien-gioi-phia-bac")
    headed = headed_cluster_ids(user, 2022)
    with django_assert_num_queries(0):
        assert headed_cluster_ids(user, 2022) == headed
    assert north.pk not in headed
    units = {m.unit.name: m.unit for m in north.memberships.filter(year=2022).select_related("unit")}
    set_leadership(north, 2022, units["Sở Tư pháp tỉnh Lào Cai"], [], by=bo)
    assert north.pk in headed_cluster_ids(user, 2022)
