"""What an official typed in a figure box comes back exactly as typed when the form is
refused for another field ("1.301" must not come back as "1,301" and be saved as 1,301).

One test per form that has figures, through the page as a browser posts it, and a
hypothesis property over Vietnamese-formatted figures for the same round trip."""

import html
import re

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from emulation.forms import NumberField
from tests.test_fuzz import FEW, _pledge_form_data, fuzz_demo, rolled_back, vn_number, world  # noqa: F401

TYPED = ["1.301", "1.200", "24.196", "89,68", "0,5", "1.234.567,5", "7"]


def shown_value(page, name):
    """The value="…" of the input named ``name`` on the page."""
    for tag in re.findall(r"<input\b[^>]*>", page):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            found = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(found.group(1)) if found else ""
    raise AssertionError(f"no input named {name}")


def figure_boxes(page):
    """The names of the page's figure boxes (text inputs with a decimal keyboard)."""
    tags = [tag for tag in re.findall(r"<input\b[^>]*>", page) if 'inputmode="decimal"' in tag]
    return [re.search(r'\bname="([^"]+)"', tag).group(1) for tag in tags]


def assert_shown_as_typed(response, typed):
    assert response.status_code in (200, 400, 422), response.status_code
    page = response.content.decode()
    assert "is-invalid" in page or "invalid-feedback" in page or "alert-danger" in page
    for name, value in typed.items():
        assert shown_value(page, name) == value, name


class _TwoBoxes(forms.Form):
    figure = NumberField(required=False)
    other = NumberField(required=True)


@given(value=vn_number())
@FEW
def test_a_refused_form_shows_every_vietnamese_figure_as_typed(value):
    form = _TwoBoxes(data={"figure": value, "other": "abc"})
    assert not form.is_valid()
    assert shown_value(str(form["figure"]), "figure") == value


def test_a_stored_figure_is_written_the_vietnamese_way_in_its_box():
    from decimal import Decimal

    form = _TwoBoxes(initial={"figure": Decimal("30.00"), "other": Decimal("1301.0000")})
    assert shown_value(str(form["figure"]), "figure") == "30"
    assert shown_value(str(form["other"]), "other") == "1.301"


def _targets(pledge):
    return list(pledge.targets.order_by("number", "pk"))


@pytest.mark.parametrize("typed", ["1.301", "1.200", "89,68"])
def test_the_pledge_form(client, world, typed):  # noqa: F811
    from campaigns.models import Pledge

    world("laichau")
    pledge = Pledge.objects.get(unit__name="Sở Tư pháp tỉnh Lai Châu", year=2023)
    with rolled_back():
        data = _pledge_form_data(pledge)
        data["targets-0-value"] = typed
        data["targets-1-value"] = "không rõ"
        response = client.post(f"/campaigns/pledges/{pledge.pk}/edit/", data)
        assert_shown_as_typed(response, {"targets-0-value": typed, "targets-1-value": "không rõ"})


@given(values=st.lists(vn_number(), min_size=2, max_size=2))
@FEW
def test_the_pledge_form_property(client, world, values):  # noqa: F811
    from campaigns.models import Pledge

    world("laichau")
    pledge = Pledge.objects.get(unit__name="Sở Tư pháp tỉnh Lai Châu", year=2023)
    with rolled_back():
        data = _pledge_form_data(pledge)
        data["targets-0-value"], data["targets-1-value"] = values
        data["targets-2-value"] = "x"
        response = client.post(f"/campaigns/pledges/{pledge.pk}/edit/", data)
        assert_shown_as_typed(response, {"targets-0-value": values[0], "targets-1-value": values[1]})


def test_the_results_form(client, world):  # noqa: F811
    from campaigns.models import Pledge

    world("sonla")
    pledge = Pledge.objects.get(unit__name="Sở Tư pháp tỉnh Sơn La", year=2023)
    targets = _targets(pledge)
    data = {"version": pledge.version, "results_report": "Báo cáo"}
    typed = {}
    for target, value in zip(targets, TYPED, strict=False):
        typed[f"actual_{target.pk}"] = value
    data.update(typed)
    data[f"actual_{targets[-1].pk}"] = "abc"
    with rolled_back():
        response = client.post(f"/campaigns/pledges/{pledge.pk}/results/", data)
        assert_shown_as_typed(response, {k: v for k, v in typed.items() if k != f"actual_{targets[-1].pk}"})


def test_the_campaign_form(client, world):  # noqa: F811
    from emulation.models import Cluster, Title

    world("truongcum")
    cluster = Cluster.objects.get(
        memberships__year=2023, memberships__role="head", memberships__unit__name="Sở Tư pháp tỉnh Lào Cai"
    )
    data = {
        "version": 1,
        "name": "",  # refused: the name is required
        "kind": "thematic",
        "level": "cluster",
        "launching_cluster": cluster.pk,
        "first_year": 2023,
        "last_year": 2023,
        "scope": "clusters",
        "titles": [Title.objects.order_by("pk").first().pk],
        "phases-TOTAL_FORMS": 0,
        "phases-INITIAL_FORMS": 0,
        "targets-TOTAL_FORMS": 2,
        "targets-INITIAL_FORMS": 0,
        "targets-0-number": 1,
        "targets-0-name": "Số thủ tục được cắt giảm",
        "targets-0-unit_of_measure": "thủ tục",
        "targets-0-direction": "at_least",
        "targets-0-default_value": "1.200",
        "targets-1-number": 2,
        "targets-1-name": "Tỷ lệ",
        "targets-1-unit_of_measure": "%",
        "targets-1-direction": "at_least",
        "targets-1-default_value": "89,68",
    }
    with rolled_back():
        response = client.post("/campaigns/new/?year=2023", data)
        assert_shown_as_typed(response, {"targets-0-default_value": "1.200", "targets-1-default_value": "89,68"})


def _card(unit_name):
    from scoring.models import Scorecard

    return Scorecard.objects.get(unit__name=unit_name, year=2023)


def test_the_scorecard_form(client, world):  # noqa: F811
    world("gd.ha-giang")
    card = _card("Sở Tư pháp tỉnh Hà Giang")
    boxes = figure_boxes(client.get(f"/scoring/cards/{card.pk}/").content.decode())
    typed = dict(zip(boxes[:-1], TYPED, strict=False))
    post = {"version": card.version, **typed, boxes[-1]: "abc"}
    with rolled_back():
        response = client.post(f"/scoring/cards/{card.pk}/", post)
        assert_shown_as_typed(response, typed)


def test_the_review_form(client, world):  # noqa: F811
    from scoring.models import ScoreEntry

    world("bo")
    card = _card("Sở Tư pháp tỉnh Lào Cai")
    entries = list(ScoreEntry.objects.filter(scorecard=card).order_by("pk"))
    post = {}
    typed = {}
    for entry, value in zip(entries[:3], ["1,5", "2", "0,25"], strict=True):
        typed[f"e{entry.pk}-points"] = value
        post[f"e{entry.pk}-reason"] = "Sửa"
        post[f"e{entry.pk}-version"] = entry.version
    post.update(typed)
    post[f"e{entries[3].pk}-points"] = "abc"
    with rolled_back():
        response = client.post(f"/scoring/cards/{card.pk}/review/", post)
        assert_shown_as_typed(response, typed)


def test_the_table_form(client, world):  # noqa: F811
    world("bo")
    data = {"year": "", "unit_type": "doj", "name": "Bảng", "issuer": "Bộ Tư pháp", "total_points": "1.000"}
    with rolled_back():
        response = client.post("/scoring/tables/new/", data)
        assert_shown_as_typed(response, {"total_points": "1.000"})
