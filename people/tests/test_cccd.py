"""The identification number: its structure checked against birth year and gender, and masked."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from people import cccd
from people.models import Person

GENDERS = st.sampled_from([cccd.MALE, cccd.FEMALE])
YEARS = st.integers(min_value=1900, max_value=2099)
PROVINCES = st.sampled_from(sorted(cccd.PROVINCE_CODES))


@pytest.mark.parametrize(
    ("number", "year", "gender"),
    [("001085012345", 1985, "male"), ("010185000001", 1985, "female"), ("079203000123", 2003, "male"),
     ("096399999999", 2099, "female")],
)  # fmt: skip
def test_well_formed_numbers_pass(number, year, gender):
    assert cccd.errors(number, year, gender) == []


@pytest.mark.parametrize(
    ("number", "year", "gender", "says"),
    [
        ("00108501234", 1985, "male", "12"),  # 11 digits
        ("00108501234a", 1985, "male", "12"),
        ("003085012345", 1985, "male", "003"),  # no province 003
        ("001185012345", 1985, "male", "fourth"),  # 1 = a woman
        ("001285012345", 1985, "male", "fourth"),  # 2 = born in the 21st century
        ("001086012345", 1985, "male", "fifth"),  # born in 86
    ],
)
def test_malformed_numbers_say_what_is_wrong(number, year, gender, says):
    with translation.override("en"):
        problems = " ".join(cccd.errors(number, year, gender))
    assert says in problems


@given(PROVINCES, YEARS, GENDERS, st.integers(min_value=0, max_value=999_999))
def test_a_made_number_is_always_valid_and_only_for_its_year_and_gender(province, year, gender, serial):
    number = cccd.make(province, year, gender, serial)
    assert cccd.errors(number, year, gender) == []
    other = cccd.FEMALE if gender == cccd.MALE else cccd.MALE
    assert cccd.errors(number, year, other) != []
    assert cccd.errors(number, year + 1, gender) != []


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_the_mask_keeps_only_the_province_and_the_last_two_digits(number):
    masked = cccd.mask(number)
    assert masked == number[:4] + "******" + number[-2:]
    assert len(masked) == 12


def test_spaces_and_dots_are_dropped_and_the_model_refuses_a_mismatch():
    assert cccd.normalise(" 001 085.012 345 ") == "001085012345"
    person = Person(full_name="Nguyễn Văn A", date_of_birth=datetime.date(1990, 1, 1), gender="male",
                    cccd="001085012345")  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        person.full_clean(validate_unique=False, validate_constraints=False)
    assert "cccd" in raised.value.message_dict
