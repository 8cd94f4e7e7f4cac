"""Building criteria tables: the tree, bands, rank bands, publishing (and immutability),
new editions, copying to a new year, and the Excel round trip with bad sheets refused."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from scoring import queries, services, sheets
from scoring.models import CriteriaTable, Criterion, RankBand, ScoreBand
from scoring.services import tables
from scoring.views.tables import table_workbook

from .factories import build_table

pytestmark = pytest.mark.django_db
D = Decimal


def xlsx(rows, rank_rows=None, title="Tiêu chí"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if rank_rows is not None:
        ranks = workbook.create_sheet("Xếp hạng")
        for row in rank_rows:
            ranks.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("bang.xlsx", buffer.getvalue())


HEADER = ["Số TT", "Tiêu chí", "Điểm chuẩn", "Loại điểm", "Cách chấm", "Đại lượng nhập", "Khung điểm", "Chỉ tiêu"]
GOOD = [
    ["BẢNG TIÊU CHÍ ĐÁNH GIÁ, CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2024"],
    [],
    HEADER,
    ["I", "Thực hiện chế độ báo cáo", 20],
    ["1", "Báo cáo định kỳ đúng hạn", 10, "", "Theo khung", "Số ngày chậm", "0: 10; 1–2: 7,5; 3–5: 5; 6–: 0"],
    ["2", "Báo cáo chuyên đề", 10],
    ["II", "Kết quả thi hành án", 180],
    ["3", "Tỷ lệ thi hành xong về việc", 100, "Thường", "Theo tỷ lệ", "Tỷ lệ (%)", "", "84"],
    ["4", "Công tác khác", 80],
    ["4.1", "Tổ chức cán bộ", "40"],
    ["4.2", "Giảm án tồn", 40, "", "Có/Không"],
    ["III", "Điểm thưởng", 10, "Thưởng"],
    ["5", "Sáng kiến", 10],
]
RANKS = [
    ["Hạng", "Xếp loại", "Điểm tối thiểu", "Tiêu chí phải đạt tối đa"],
    ["Hạng A", "Xuất sắc", 180, "3, 4.2"],
    ["Hạng B", "Khá", 160],
]


@pytest.fixture
def draft(ministry):
    return services.create_table(
        ministry, year=2024, unit_type="thads", name="Bảng 2024", legal_basis="536/QĐ-BTP", total_points=D(200)
    )


def test_import_builds_the_tree_bands_and_rank_bands(draft, ministry):
    services.import_table(draft, ministry, xlsx(GOOD, RANKS))
    numbers = [
        (c.number, c.parent.number if c.parent else None)
        for c in Criterion.objects.filter(table=draft).order_by("position")
    ]
    assert numbers == [
        ("I", None),
        ("1", "I"),
        ("2", "I"),
        ("II", None),
        ("3", "II"),
        ("4", "II"),
        ("4.1", "4"),
        ("4.2", "4"),
        ("III", None),
        ("5", "III"),
    ]
    bonus = Criterion.objects.get(table=draft, number="5")
    assert bonus.kind == "bonus"  # inherited from its group
    bands = list(ScoreBand.objects.filter(criterion__number="1").values_list("lower", "upper", "points"))
    assert bands == [(D(0), D(0), D(10)), (D(1), D(2), D("7.5")), (D(3), D(5), D(5)), (D(6), None, D(0))]
    assert Criterion.objects.get(table=draft, number="3").target == D(84)
    band_a = RankBand.objects.get(table=draft, name="Hạng A")
    assert sorted(band_a.required_full.values_list("number", flat=True)) == ["3", "4.2"]
    assert queries.table_problems(draft) == []


def test_export_then_import_gives_the_same_table(draft, ministry):
    services.import_table(draft, ministry, xlsx(GOOD, RANKS))
    exported = sheets_bytes(table_workbook(draft))
    copy = services.create_table(
        ministry, year=2024, unit_type="doj", name="Bảng khác", legal_basis="x", total_points=D(200)
    )
    services.import_table(copy, ministry, SimpleUploadedFile("lai.xlsx", exported))
    assert snapshot(copy) == snapshot(draft)
    assert sheets_bytes(table_workbook(copy)) and rows_of(table_workbook(copy)) == rows_of(table_workbook(draft))


def test_the_demo_tables_survive_the_round_trip(ministry):
    from scoring.demo import RANKS as DEMO_RANKS
    from scoring.demo import THADS_CRITERIA

    source = build_table(groups=1, per_group=20, publish=False)
    source.criteria.all().delete()
    tables.replace_tree(source, ministry, THADS_CRITERIA, DEMO_RANKS["thads"])
    target = services.create_table(
        ministry, year=2030, unit_type="thads", name="x", legal_basis="x", total_points=D(200)
    )
    services.import_table(target, ministry, SimpleUploadedFile("t.xlsx", sheets_bytes(table_workbook(source))))
    assert snapshot(target) == snapshot(source)


def sheets_bytes(workbook_sheets):
    from emulation.spreadsheets import build_workbook

    return build_workbook(workbook_sheets)


def rows_of(workbook_sheets):
    return [(title, list(headers), [list(r) for r in rows]) for title, headers, rows in workbook_sheets]


def snapshot(table):
    items, ranks = tables._snapshot(table)
    return (
        [
            (
                i.number,
                i.title,
                i.max_points,
                i.parent_number,
                i.kind,
                i.method,
                i.input_label,
                i.bands,
                i.target,
                i.ceiling,
                i.evidence_required,
                i.evidence_hint,
                i.note,
            )
            for i in items
        ],
        [(r.name, r.label, r.min_total, sorted(r.required)) for r in ranks],
    )


@pytest.mark.parametrize(
    "row, expected",
    [
        (["1", "Báo cáo", "mười"], "Row 5, column C (Điểm chuẩn)"),
        (["1", "Báo cáo", 10, "Cộng trừ"], "Row 5, column D (Loại điểm)"),
        (["1", "Báo cáo", 10, "", "Bốc thăm"], "Row 5, column E (Cách chấm)"),
        (["1", "Báo cáo", 10, "", "Theo khung", "", "từ 1 đến 2"], "Row 5, column G (Khung điểm)"),
        (["1", "Báo cáo", 10, "", "Theo khung"], "Row 5, column G (Khung điểm)"),
        (["1.7", "Báo cáo", 10], "Row 5, column A (Số TT)"),
        (["a)", "Báo cáo", 10], "Row 5, column A (Số TT)"),
        (["1", "", 10], "Row 5, column B (Tiêu chí)"),
        (["1", "Báo cáo", 10, "", "Theo tỷ lệ", "", "", "0"], "Row 5, column H (Chỉ tiêu)"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_imported(draft, ministry, row, expected):
    rows = [*GOOD[:4], row, *GOOD[5:]]
    with pytest.raises(ValidationError) as error:
        services.import_table(draft, ministry, xlsx(rows))
    assert expected.replace("Row", "Dòng").replace("column", "cột") in " ".join(error.value.messages)
    assert not Criterion.objects.filter(table=draft).exists()


def test_groups_must_add_up_to_the_total_on_import(draft, ministry):
    rows = [*GOOD[:3], ["I", "Báo cáo", 20], ["1", "Báo cáo định kỳ", 20], ["II", "Khác", 170], ["2", "x", 170]]
    with pytest.raises(ValidationError, match="190"):
        services.import_table(draft, ministry, xlsx(rows))
    assert not Criterion.objects.filter(table=draft).exists()


def test_a_file_that_is_not_a_workbook_is_refused(draft, ministry):
    with pytest.raises(ValidationError):
        services.import_table(draft, ministry, SimpleUploadedFile("x.xlsx", b"%PDF-1.4 not excel"))
    with pytest.raises(ValidationError):
        services.import_table(draft, ministry, xlsx([["STT?", "Nội dung?"]]))


def test_an_unknown_criterion_in_the_rank_sheet_is_named(draft, ministry):
    ranks = [RANKS[0], ["Hạng A", "Xuất sắc", 180, "3, 9"]]
    with pytest.raises(ValidationError, match="9"):
        services.import_table(draft, ministry, xlsx(GOOD, ranks))
    assert not RankBand.objects.filter(table=draft).exists()


def test_importing_replaces_the_previous_criteria(draft, ministry):
    services.import_table(draft, ministry, xlsx(GOOD, RANKS))
    services.import_table(draft, ministry, xlsx(GOOD))
    assert Criterion.objects.filter(table=draft).count() == 10
    assert RankBand.objects.filter(table=draft).count() == 2  # kept: no rank sheet in the second file


def test_bands_text_round_trips():
    text = "0: 10; 1–2: 7,5; 3–5: 5; 95,01–: 1,5; –49,99: 0"
    assert sheets.format_bands(sheets.parse_bands(text)) == text


def test_building_in_the_browser_services(draft, ministry):
    group = services.save_criterion(draft, ministry, number="I", title="Nhóm I", max_points=D(200))
    leaf = services.save_criterion(
        draft, ministry, parent=group, number="1", title="Ngày chậm", max_points=D(200), method="bands"
    )
    assert len(queries.table_problems(draft)) == 1  # scored by bands, with no bands yet
    services.set_bands(leaf, ministry, [(D(0), D(0), D(200)), (D(1), None, D(0))])
    with pytest.raises(ValidationError):
        services.set_bands(leaf, ministry, [(D(0), D(0), D(201))])
    with pytest.raises(ValidationError):
        services.save_criterion(draft, ministry, number="1", title="Trùng số", max_points=D(1), parent=group)
    with pytest.raises(ValidationError):
        services.save_criterion(draft, ministry, group, parent=leaf, number="I", title="x", max_points=D(200))
    services.set_rank_bands(draft, ministry, [("Hạng A", "Xuất sắc", D(180), [leaf]), ("Hạng B", "Khá", D(160), [])])
    with pytest.raises(ValidationError):
        services.set_rank_bands(draft, ministry, [("Hạng A", "", D(150), []), ("Hạng B", "", D(160), [])])
    assert queries.table_problems(draft) == []
    services.publish_table(draft, ministry)
    assert CriteriaTable.objects.get(pk=draft.pk).status == "published"


def test_a_table_whose_groups_do_not_add_up_cannot_be_published(draft, ministry):
    services.save_criterion(draft, ministry, number="I", title="Nhóm I", max_points=D(150))
    with pytest.raises(ValidationError, match="150"):
        services.publish_table(draft, ministry)


def test_a_published_table_cannot_change_but_gets_a_new_edition(table, ministry):
    node = Criterion.objects.filter(table=table).first()
    with pytest.raises(ValidationError):
        services.save_criterion(table, ministry, node, number=node.number, title="sửa", max_points=node.max_points)
    with pytest.raises(ValidationError):
        services.delete_criterion(node, ministry)
    with pytest.raises(ValidationError):
        services.set_rank_bands(table, ministry, [])
    with pytest.raises(ValidationError):
        services.import_table(table, ministry, xlsx(GOOD))
    edition = services.new_edition(table, ministry)
    assert (edition.year, edition.edition, edition.status) == (2023, 2, "draft")
    assert snapshot(edition) == snapshot(table)
    services.publish_table(edition, ministry)
    table.refresh_from_db()
    assert table.status == "superseded"
    assert queries.published_table(2023, "thads") == edition


def test_copying_last_years_table_to_a_new_year(table, ministry):
    copy = services.copy_table(table, 2024, ministry)
    assert (copy.year, copy.status, copy.source) == (2024, "draft", table)
    assert copy.name == "Bảng tiêu chí năm 2024"
    assert snapshot(copy) == snapshot(table)
    with pytest.raises(ValidationError):
        services.copy_table(table, 2024, ministry)  # one draft per year and type


def test_only_ministry_staff_build_tables(table, official):
    with pytest.raises(PermissionDenied):
        services.create_table(official, year=2024, unit_type="thads", name="x", legal_basis="x", total_points=D(1))
    with pytest.raises(PermissionDenied):
        services.copy_table(table, 2024, official)
    with pytest.raises(PermissionDenied):
        services.publish_table(table, official)


def test_exported_workbook_has_the_real_columns(table):
    workbook = load_workbook(BytesIO(sheets_bytes(table_workbook(table))))
    header = [cell.value for cell in workbook["Tiêu chí"][1]]
    assert header[:3] == ["Số TT", "Tiêu chí", "Điểm chuẩn"]
    assert workbook["Tiêu chí"]["A2"].value == "I"
    assert [c.value for c in workbook["Xếp hạng"][1]][:3] == ["Hạng", "Xếp loại", "Điểm tối thiểu"]
