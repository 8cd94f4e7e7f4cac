"""What the walk through a year found on the scoring pages (issue 10): group rows pick no
scoring method, rank bands are added in place without piling up empty rows, and figures in
the boxes read as Vietnamese points ("30", never "30.00" or "180,00")."""

import re
from decimal import Decimal

import pytest

from scoring import services
from scoring.models import Criterion, RankBand, ScoreBand

from .factories import build_table

pytestmark = pytest.mark.django_db
D = Decimal
BANDS = {"bands-TOTAL_FORMS": "2", "bands-INITIAL_FORMS": "0"}


def test_a_group_row_needs_no_scoring_method(client, ministry):
    table = build_table(year=2024, groups=1, per_group=1, publish=False)
    client.force_login(ministry)
    page = client.get(f"/scoring/tables/{table.pk}/criteria/new/").content.decode()
    assert '<option value="" selected>' in page  # "none: a group …" is offered, and first
    data = {"number": "II", "title": "Nhóm mới", "max_points": "10", "kind": "regular", **BANDS}
    response = client.post(f"/scoring/tables/{table.pk}/criteria/new/", data)
    assert response.status_code == 302
    group = Criterion.objects.get(table=table, number="II")
    assert group.method == Criterion.Method.MANUAL and group.parent is None
    existing = Criterion.objects.get(table=table, number="I")
    page = client.get(f"/scoring/tables/{table.pk}/criteria/{existing.pk}/").content.decode()
    assert '<option value="" selected>' in page  # a criterion with sub-criteria shows no method


def rank_rows(html):
    return int(re.search(r'name="ranks-TOTAL_FORMS"[^>]*value="(\d+)"', html).group(1))


def page_data(html):
    """What the browser would send back: every input of the rank band form as shown."""
    data = dict(re.findall(r'<input type="(?:text|hidden)" name="(ranks-[^"]+)"[^>]*value="([^"]*)"', html))
    data.update(re.findall(r'<input type="hidden" name="(ranks-[A-Z_]+)" value="([^"]*)"', html))
    return data


def test_rank_bands_show_one_empty_row_and_saving_adds_none(client, ministry):
    table = build_table(year=2024, publish=False)
    client.force_login(ministry)
    url = f"/scoring/tables/{table.pk}/rank-bands/"
    for _round in range(3):
        html = client.get(url).content.decode()
        assert rank_rows(html) == 4  # three bands and one empty row
        assert 'value="180"' in html and "180,00" not in html
        assert client.post(url, page_data(html)).status_code == 302
        assert RankBand.objects.filter(table=table).count() == 3


def test_more_rank_bands_are_added_in_place(client, ministry):
    table = build_table(year=2024, publish=False)
    client.force_login(ministry)
    url = f"/scoring/tables/{table.pk}/rank-bands/"
    html = client.get(url).content.decode()
    row = client.get(f"{url}row/", {"ranks-TOTAL_FORMS": "4"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="ranks-4-name"' in row and "__prefix__" not in row
    assert re.search(r'name="ranks-TOTAL_FORMS"[^>]*value="5"[^>]*hx-swap-oob', row)
    assert 'name="ranks-4-required"' in row and "Tiêu chí 1" in row  # the criteria to choose from
    data = {**page_data(html), "ranks-TOTAL_FORMS": "5"}
    data.update({"ranks-3-name": "Hạng D", "ranks-3-min_total": "0"})
    data.update({"ranks-2-min_total": "100", "ranks-4-name": "Hạng E", "ranks-4-min_total": ""})
    assert client.post(url, data).status_code == 200  # Hạng E has no minimum: refused, nothing saved
    assert RankBand.objects.filter(table=table).count() == 3
    data["ranks-4-name"] = ""
    assert client.post(url, data).status_code == 302
    assert list(RankBand.objects.filter(table=table).values_list("name", flat=True)) == [
        "Hạng A",
        "Hạng B",
        "Hạng C",
        "Hạng D",
    ]
    assert client.get(f"{url}row/", {"ranks-TOTAL_FORMS": "abc"}).status_code == 404


def test_figures_in_the_boxes_read_as_points(client, ministry, unit, official, table):
    card = services.open_scorecard(unit, 2023, official)
    rows = {entry.criterion_id: {"points": D(9)} for entry in card.entries.all()}
    card = services.submit_scorecard(services.save_self_scores(card, official, rows, card.version), official)
    entry = card.entries.order_by("pk").first()
    services.save_review(card, ministry, {entry.pk: (D(7), "Thiếu minh chứng", entry.version)})
    client.force_login(ministry)
    html = client.get(f"/scoring/cards/{card.pk}/").content.decode()
    assert re.search(rf'name="e{entry.pk}-points"[^>]*value="7"', html)
    assert "7.00" not in html and "9.00" not in html
    draft = build_table(year=2024, publish=False)
    node = Criterion.objects.filter(table=draft, parent__isnull=False).first()
    ScoreBand.objects.create(criterion=node, position=0, lower=D("1.5"), upper=D(30), points=D("2.50"))
    html = client.get(f"/scoring/tables/{draft.pk}/criteria/{node.pk}/").content.decode()
    assert 'value="1,5"' in html and 'value="30"' in html and 'value="2,5"' in html
