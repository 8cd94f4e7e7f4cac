"""The roster in Excel: export, import all or nothing, refusals naming row and column,
a second import updating by CCCD and never duplicating."""

import contextlib
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import Workbook, load_workbook

from emulation.spreadsheets import build_workbook
from emulation.tests.factories import OfficialFactory, UnitFactory, UserFactory
from people import cccd, sheets
from people.models import Person, Posting

pytestmark = pytest.mark.django_db
HEADERS = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Chức vụ", "Loại cán bộ", "Từ ngày"]


def workbook(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def row(name="Lò Thị Xuân", born="12/05/1990", gender="Nữ", number=None, position="Chuyên viên", kind="Công chức",
        start="01/02/2020"):  # fmt: skip
    return [name, born, gender, number or cccd.make("010", 1990, "female", 4242), position, kind, start]


def test_a_new_file_adds_persons_and_a_second_import_updates_them(world):
    rows = [row(), row("Giàng A Páo", "03/03/1988", "Nam", cccd.make("010", 1988, "male", 7), "Văn thư", "Viên chức")]
    result = sheets.import_roster(world.unit_a, workbook(rows), world.official_a)
    assert (result.created, result.updated) == (2, 0)
    rows[0][4] = "Chuyên viên chính"
    result = sheets.import_roster(world.unit_a, workbook(rows), world.official_a)
    assert (result.created, result.updated) == (0, 2)
    person = Person.objects.get(cccd=rows[0][3])
    assert Person.objects.filter(cccd=rows[0][3]).count() == 1
    assert Posting.objects.open().get(person=person).position == "Chuyên viên chính"


def test_each_refusal_names_its_row_and_column_and_nothing_is_saved(world):
    rows = [row(), row("Sai Ngày", "31/02/1990"), row("Sai Số", number="010190004243", gender="Nam")]
    with pytest.raises(ValidationError) as raised:
        sheets.import_roster(world.unit_a, workbook(rows), world.official_a)
    messages = raised.value.messages
    assert any(m.startswith("Dòng 3, cột B (Ngày sinh)") for m in messages), messages
    assert any(m.startswith("Dòng 4, cột D (Số CCCD)") for m in messages), messages
    assert not Person.objects.filter(full_name="Lò Thị Xuân").exists()


def test_a_person_of_another_unit_is_refused_with_a_pointer_to_a_transfer(world):
    other = world.person_b
    line = row(other.full_name, other.date_of_birth.strftime("%d/%m/%Y"), "Nữ", other.cccd)
    with pytest.raises(ValidationError) as raised:
        sheets.import_roster(world.unit_a, workbook([row(), line]), world.official_a)
    assert "Dòng 3" in raised.value.messages[0] and world.unit_b.name in raised.value.messages[0]
    assert not Person.objects.filter(full_name="Lò Thị Xuân").exists()


def test_the_same_number_twice_in_a_file_is_refused(world):
    with pytest.raises(ValidationError) as raised:
        sheets.import_roster(world.unit_a, workbook([row(), row("Người Khác")]), world.official_a)
    assert "dòng 2" in raised.value.messages[0]


def test_wrong_headers_and_a_file_that_is_not_excel_are_refused(world):
    with pytest.raises(ValidationError):
        sheets.import_roster(world.unit_a, workbook([row()], headers=["Tên", "Ngày"]), world.official_a)
    with pytest.raises(ValidationError):
        sheets.import_roster(world.unit_a, io.BytesIO(b"not a workbook"), world.official_a)


def test_a_number_cell_that_lost_its_leading_zero_is_read_back(world):
    line = row()
    line[3] = int(line[3])
    sheets.import_roster(world.unit_a, workbook([line]), world.official_a)
    assert Person.objects.filter(cccd=cccd.make("010", 1990, "female", 4242)).exists()


def test_only_the_units_officials_import(world):
    with pytest.raises(PermissionDenied):
        sheets.import_roster(world.unit_a, workbook([row()]), world.official_b)


def test_the_export_reads_back_as_an_import_that_changes_nothing(world):
    book = load_workbook(io.BytesIO(build_workbook(sheets.export_rows(world.unit_a))))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0] == HEADERS and len(rows) == 4  # the two of unit A and the one of the unit merged into it
    before = list(Posting.objects.order_by("pk").values())
    result = sheets.import_roster(world.unit_a, workbook(rows[1:]), world.official_a)
    assert (result.created, result.updated) == (0, 3)
    assert list(Posting.objects.order_by("pk").values()) == before


def test_the_import_page_lists_every_refusal(client, world):
    client.force_login(world.official_a)
    upload = workbook([row(gender="X")])
    upload.name = "ds.xlsx"
    page = client.post(f"/people/units/{world.unit_a.slug}/import/", {"file": upload}).content.decode()
    assert 'data-testid="import-errors"' in page and "Dòng 2, cột C (Giới tính)" in page


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
CELLS = st.one_of(st.none(), TEXT, st.integers(), st.dates(min_value=datetime.date(1900, 1, 1)))


class FuzzImport(HypothesisTestCase):
    """Whatever the cells hold, an import saves the file or refuses it: never a server error."""

    @classmethod
    def setUpTestData(cls):
        cls.unit = UnitFactory()
        cls.user = UserFactory(username="canbo_fuzz")
        OfficialFactory(user=cls.user, unit=cls.unit)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(CELLS, max_size=9), max_size=4))
    def test_any_cells(self, rows):
        with contextlib.suppress(ValidationError):
            sheets.import_roster(self.unit, workbook(rows), self.user)
