"""The year pages open on: picked once, remembered; else the year with open work."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from emulation import registry, years
from emulation.registry import Action

pytestmark = pytest.mark.django_db

DECEMBER_3 = datetime.date(2026, 12, 3)


@pytest.fixture
def on_december_3(monkeypatch):
    monkeypatch.setattr(years, "today", lambda: DECEMBER_3)


@pytest.fixture
def work_in(monkeypatch):
    """work_in({2027: [...]}) makes the to-do providers answer that, and only that."""

    def install(by_year, everywhere=()):
        def provider(user, year):
            return [*by_year.get(year, []), *everywhere]

        monkeypatch.setattr(registry, "action_providers", [provider])

    return install


def test_a_picked_year_is_remembered_across_pages(client, login, demo):
    login("canbo")
    assert client.get("/clusters/").context["year"] == 2023
    assert client.get("/clusters/?year=2022").context["year"] == 2022
    assert client.get("/clusters/").context["year"] == 2022
    assert client.get("/").context["year"] == 2022
    assert client.get("/?year=2023").context["year"] == 2023
    assert client.get("/clusters/").context["year"] == 2023


def test_an_invalid_year_is_not_remembered(client, login, demo):
    login("canbo")
    assert client.get("/clusters/?year=abc").context["year"] == 2023
    assert client.get("/clusters/?year=99999").context["year"] == 2023


def test_pages_open_on_the_year_with_open_work(client, login, demo, on_december_3, work_in):
    register = Action("Phong trào cần đăng ký", "/campaigns/?year=2027")
    work_in({2027: [register]})
    login("canbo")
    response = client.get("/")
    assert response.context["year"] == 2027
    assert 2027 in response.context["years"]
    assert "Phong trào cần đăng ký" in response.content.decode()
    assert client.get("/clusters/").context["year"] == 2027


def test_the_dashboard_lists_the_todos_of_another_open_year(client, login, demo, on_december_3, work_in):
    work_in({2026: [Action("Tự chấm điểm 2026", "/scoring/?year=2026")], 2027: [Action("Đăng ký 2027", "/x")]})
    login("canbo")
    response = client.get("/")
    assert response.context["year"] == 2027
    assert [(year, [a.label for a in actions]) for year, actions in response.context["other_years"]] == [
        (2026, ["Tự chấm điểm 2026"])
    ]
    assert "Tự chấm điểm 2026" in response.content.decode()


def test_a_todo_of_every_year_does_not_decide_the_year(client, login, demo, on_december_3, work_in):
    work_in({}, everywhere=[Action("Bỏ phiếu", "/awards/votes/1/ballot/")])
    login("canbo")
    response = client.get("/")
    assert response.context["year"] == 2023  # the latest year with memberships
    assert response.context["other_years"] == []


def test_open_years_providers_name_years_further_away(demo, on_december_3, work_in, monkeypatch):
    work_in({2030: [Action("Đăng ký 2030", "/x")]})
    monkeypatch.setattr(registry, "open_years_providers", [lambda user: {2030}])
    user = get_user_model().objects.get(username="canbo")
    assert years.working_year(user) == 2030


def test_without_a_user_the_working_year_is_the_latest_with_members(demo):
    assert years.working_year() == 2023
