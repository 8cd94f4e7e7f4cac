"""The yearly statistics forms (biểu 0601–0603): each figure equals the records it links to,
the sheet has the figures in the form's cells, the demo's 2022 and 2023 forms are filled."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from emulation.spreadsheets import build_workbook
from reports import statistics


def test_each_figure_counts_the_records_it_links_to(statistics_world):
    for build in (statistics.form_0602, statistics.form_0603):
        for unit in (None, statistics_world[0]):
            form = build(2023, unit)
            for row in form.rows:
                for cell in row.cells:
                    if cell.count is not None:
                        assert cell.count == len(statistics.counted_records(cell.criteria))
    form = statistics.form_0603(2023)
    assert form.cell("co-thi-dua-nganh-tu-phap", "total").count == 2
    assert form.cell("bang-khen-bo-truong", "collective").count == 1
    assert form.cell("bang-khen-bo-truong", "individual").count == 2
    assert form.cell("bang-khen-bo-truong", "leader").count == 1
    assert form.cell("bang-khen-bo-truong", "worker").count == 1
    assert form.cell("chien-si-thi-dua-bo-nganh", "leader").count == 0  # no category recorded
    assert statistics.form_0603(2023, statistics_world[0]).cell("bang-khen-bo-truong", "total").count == 1
    assert statistics.form_0602(2023).cell("co-thi-dua-chinh-phu", "total").count == 1
    assert statistics.form_0602(2023).cell("huan-chuong", "total").count is None


def test_the_sheet_has_the_figures_in_the_forms_cells(statistics_world):
    form = statistics.form_0603(2023)
    book = load_workbook(BytesIO(build_workbook([statistics.sheet(form)])))
    sheet = book["Biểu 0603"]
    # rows in form order from A2; columns total, collectives, individuals from B
    assert sheet["A3"].value == str(form.rows[1].label)
    assert sheet["B3"].value == 2
    assert [sheet.cell(4, column).value for column in range(2, 7)] == [3, 1, 2, 1, 1]


def test_campaign_form_counts_the_years_campaigns(core):
    form = statistics.form_0601(2018)
    total = form.cell("all", "total").count
    parts = sum(form.cell(key, "total").count for key in ("sector", "cluster", "unit"))
    assert total == parts
    kinds = sum(form.cell("all", key).count for key in ("regular", "periodic", "thematic"))
    assert kinds == total


# before the module's full demo, which stays loaded to the module's end
def test_pages_link_each_figure_to_its_records_and_check_permission(statistics_world, client, django_user_model):
    from django.urls import reverse

    from emulation.models import Official

    ministry = django_user_model.objects.get(username="bo")
    client.force_login(ministry)
    url = reverse("reports:statistics", args=[2023])
    page = client.get(url, {"form": "0603"})
    assert page.status_code == 200
    records = reverse("reports:statistics_records", args=[2023])
    link = f"{records}?form=0603&amp;row=bang-khen-bo-truong&amp;column=leader"
    assert link in page.content.decode()
    listed = client.get(records, {"form": "0603", "row": "bang-khen-bo-truong", "column": "leader"})
    assert listed.context["records"][0].person_name == "Trần Thị B"
    # the files are built by a report job (test_statistics_jobs.py), never on the request
    assert 'data-testid="request-statistics"' in page.content.decode()
    assert "format=" not in page.content.decode()
    # a unit's official: their own unit only, never the sector
    official = (
        Official.objects.exclude(unit=statistics_world[0])
        .exclude(unit__is_emulation_office=True)
        .select_related("user")
        .first()
    )
    client.force_login(official.user)
    assert client.get(url, {"form": "0603"}).status_code == 403
    assert client.get(url, {"form": "0603", "unit": statistics_world[0].pk}).status_code == 403
    assert client.get(url, {"form": "0603", "unit": official.unit_id}).status_code == 200


@pytest.mark.django_db
def test_the_demos_2022_and_2023_forms_are_filled(full_demo):
    for year in (2022, 2023):
        figures = [
            cell.count or 0
            for build in (statistics.form_0602, statistics.form_0603)
            for row in build(year).rows
            for cell in row.cells
        ]
        print(year, figures)
        assert sum(figures) > 0, year
        assert statistics.form_0601(year).cell("all", "total").count > 0, year
