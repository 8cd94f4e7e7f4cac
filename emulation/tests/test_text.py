import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from emulation.forms import NumberField
from emulation.models import Unit
from emulation.numbers import parse_vn_number
from emulation.text import nfc, sort_key, sorted_vi, vi_collate, vi_slug

from .factories import UnitFactory, UserFactory

COMPOSED = "Lào Cai"
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)


def test_the_two_spellings_differ_as_bytes():
    assert COMPOSED != DECOMPOSED
    assert nfc(DECOMPOSED) == COMPOSED


@pytest.mark.django_db
def test_a_decomposed_name_is_stored_composed_and_stays_unique():
    unit = UnitFactory(name=f"Sở Tư pháp tỉnh {DECOMPOSED}")
    unit.refresh_from_db()
    assert unit.name == f"Sở Tư pháp tỉnh {COMPOSED}"
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(name=f"Sở Tư pháp tỉnh {COMPOSED}")


@pytest.mark.django_db
def test_a_decomposed_search_finds_the_composed_name(client, login):
    UnitFactory(name=f"Sở Tư pháp tỉnh {COMPOSED}")
    UnitFactory(name="Sở Tư pháp tỉnh Sơn La")
    login(UserFactory().username)
    response = client.get("/units/", {"q": DECOMPOSED})
    assert response.status_code == 200
    names = [unit.name for unit in response.context["page"]]
    assert names == [f"Sở Tư pháp tỉnh {COMPOSED}"]


def test_d_with_stroke_sorts_after_d_and_u_horn_after_u():
    names = ["Đồng Nai", "Điện Biên", "Đắk Lắk", "Cao Bằng", "Gia Lai", "Dương", "Ưu", "Uy", "Ân", "Ăn", "An", "Bắc"]
    assert sorted_vi(names) == [
        "An",
        "Ăn",
        "Ân",
        "Bắc",
        "Cao Bằng",
        "Dương",
        "Đắk Lắk",
        "Điện Biên",
        "Đồng Nai",
        "Gia Lai",
        "Uy",
        "Ưu",
    ]


def test_tones_only_break_ties_in_the_traditional_order():
    assert sorted_vi(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted_vi(["Lào Cai", "Lạng Sơn", "Lai Châu"]) == ["Lai Châu", "Lạng Sơn", "Lào Cai"]


@given(st.text(alphabet="aăâbdđeêioôơuưyAĂÂĐƯ \u0300\u0301\u0303\u0309\u0323", max_size=12))
def test_the_sort_key_does_not_depend_on_normal_form(text):
    assert sort_key(unicodedata.normalize("NFD", text)) == sort_key(unicodedata.normalize("NFC", text))


@pytest.mark.django_db
def test_the_database_sorts_the_vietnamese_way():
    for name in ["Điện Biên", "Đắk Lắk", "Cao Bằng", "Gia Lai", "Dương Kinh", "Ưu Tiên", "Uy Nỗ"]:
        UnitFactory(name=name)
    ordered = list(Unit.objects.order_by(vi_collate("name")).values_list("name", flat=True))
    assert ordered == ["Cao Bằng", "Dương Kinh", "Đắk Lắk", "Điện Biên", "Gia Lai", "Uy Nỗ", "Ưu Tiên"]
    assert list(Unit.objects.values_list("name", flat=True)) == ordered  # the default ordering


def test_slug_keeps_d_with_stroke():
    assert vi_slug("Điện Biên") == "dien-bien"


@pytest.mark.parametrize(
    "text, value",
    [
        ("24.196", "24196"),
        ("89,68", "89.68"),
        ("1.234.567,5", "1234567.5"),
        ("89.68", "89.68"),
        ("0", "0"),
        ("-3", "-3"),
        (" 27 430 ", "27430"),
    ],
)
def test_vietnamese_numbers_are_parsed(text, value):
    assert parse_vn_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "1,2.3", "", "NaN", "Infinity", "1,2,3"])
def test_bad_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_vn_number(text)


def test_number_field_says_what_it_wants_in_vietnamese():
    field = NumberField()
    with translation.override("vi"):
        with pytest.raises(ValidationError) as error:
            field.clean("mười")
        assert error.value.messages == ["Nhập một số, ví dụ 24.196 hoặc 89,68."]
    assert field.clean("21.698") == Decimal("21698")


def test_figures_and_dates_are_shown_the_vietnamese_way():
    import datetime

    template = Template("{% load emulation %}{{ big|number }} {{ rate|percent }} {{ day|date:'SHORT_DATE_FORMAT' }}")
    context = Context({"big": 27430, "rate": Decimal("89.6777"), "day": datetime.date(2022, 11, 28)})
    with translation.override("vi"):
        assert template.render(context) == "27.430 89,68% 28/11/2022"
