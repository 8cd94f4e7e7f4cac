"""A cluster's own reported figures for a year (issue 12): the seed's region-wide totals of 2022
are the northern region's, not one unit's pledge, and print as the report states them; the
region's head (or ministry staff) enters them, nobody else."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from emulation import queries
from emulation.models import Cluster, ReportedFigure
from emulation.services import figures

pytestmark = pytest.mark.django_db
NORTH = "Khu vực miền núi biên giới phía Bắc"


@pytest.fixture
def north(demo):
    return Cluster.objects.get(short_name=NORTH)


def user(username):
    return get_user_model().objects.get(username=username)


def test_the_seeds_region_wide_totals_are_the_regions_own(north):
    rows = {figure.label: figure for figure in queries.reported_figures(north, 2022)}
    mediation = rows["Hòa giải thành công"]
    assert (mediation.value, mediation.of_total, mediation.stated_as) == (
        Decimal("2754"),
        Decimal("3247"),
        "đạt tỷ lệ 85%",
    )
    assert round(mediation.rate, 2) == Decimal("84.82")  # the exact share, beside the report's rounding
    assert round(rows["Thi hành xong về việc có điều kiện"].rate, 2) == Decimal("89.68")
    assert rows["Hội nghị, cuộc tuyên truyền pháp luật"].value == 27430
    assert rows["Bộ tài liệu tuyên truyền pháp luật cấp phát"].value == 410870


def test_the_page_prints_them_as_stated(client, north, django_assert_max_num_queries):
    client.force_login(user("canbo"))  # any official reads them
    with django_assert_max_num_queries(12):  # whatever the number of figures
        page = client.get(f"/clusters/{north.slug}/2022/figures/").content.decode()
    assert "2.754/3.247" in page and "đạt tỷ lệ 85%" in page and "84,82%" in page
    assert "27.430" in page and "hơn 1,8 triệu lượt người" in page
    assert 'data-testid="add-figure"' not in page  # canbo's unit does not head the region


def test_the_head_of_the_year_adds_a_figure_typed_the_vietnamese_way(client, north):
    client.force_login(user("truongcum"))  # Sở Tư pháp Lào Cai heads the region in 2023
    data = {"label": "Vụ việc trợ giúp pháp lý", "value": "12.345", "of_total": "", "unit_of_measure": "vụ việc"}
    response = client.post(f"/clusters/{north.slug}/2023/figures/", data)
    assert response.status_code == 302
    figure = ReportedFigure.objects.get(cluster=north, year=2023)
    assert (figure.value, figure.of_total, figure.created_by.username) == (Decimal("12345"), None, "truongcum")
    assert figure.history.get().history_user.username == "truongcum"
    page = client.get(f"/clusters/{north.slug}/2023/figures/").content.decode()
    assert "12.345 vụ việc" in page
    bad = client.post(f"/clusters/{north.slug}/2023/figures/", {**data, "value": "mười hai"})
    assert "Nhập một số" in bad.content.decode() and ReportedFigure.objects.filter(year=2023).count() == 1


def test_only_the_years_head_and_ministry_staff_enter_or_remove_figures(client, north):
    data = {"label": "Thử", "value": "1"}
    client.force_login(user("truongcum"))  # heads in 2023, not in 2022
    assert client.post(f"/clusters/{north.slug}/2022/figures/", data).status_code == 403
    client.force_login(user("canbo"))
    figure = ReportedFigure.objects.filter(cluster=north, year=2022).first()
    assert client.post(f"/figures/{figure.pk}/remove/").status_code == 403
    client.force_login(user("bo"))  # ministry staff
    assert client.post(f"/figures/{figure.pk}/remove/").status_code == 302
    assert not ReportedFigure.objects.filter(pk=figure.pk).exists()
    added = figures.add_figure(north, 2022, user("bo"), label="Thử", value=Decimal(1))
    assert queries.reported_figures(north, 2022)[-1] == added  # after the ones already entered


def test_a_total_of_zero_is_refused(north):
    with pytest.raises(Exception):  # noqa: B017 (the database's check or the model's validation)
        figures.add_figure(north, 2022, user("bo"), label="Thử", value=Decimal(1), of_total=Decimal(0))


def test_a_figure_names_a_common_target_the_members_pledge(client, north):
    with pytest.raises(ValidationError) as refused:
        figures.add_figure(north, 2023, user("bo"), label="Thử", value=Decimal(1), target_number=99)
    assert refused.value.message_dict["target_number"] == [
        "Phong trào thi đua thường xuyên năm 2023 của cụm, khu vực không có chỉ tiêu chung số 99."
    ]
    client.force_login(user("truongcum"))
    page = client.get(f"/clusters/{north.slug}/2023/figures/").content.decode()
    assert '<option value="3">3. ' in page  # offered by number and name
    data = {"label": "Thử", "value": "1", "target_number": "99"}
    response = client.post(f"/clusters/{north.slug}/2023/figures/", data)
    assert response.status_code == 200 and not ReportedFigure.objects.filter(year=2023).exists()
    added = client.post(f"/clusters/{north.slug}/2023/figures/", {**data, "target_number": "3"})
    assert added.status_code == 302 and ReportedFigure.objects.get(year=2023).target_number == 3
