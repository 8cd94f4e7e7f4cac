"""The personal identification number (số định danh cá nhân, printed on the CCCD card).

Twelve digits (Thông tư 07/2016/TT-BCA, Điều 7): three for the province or city where the
birth was registered, one for the century of birth and the gender, two for the last digits
of the year of birth, six at random. The century digit is 0/1 for a man/woman born in the
20th century, 2/3 in the 21st, 4/5 in the 22nd and so on.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The 63 province codes of the circular (provinces as they were before the 2025 mergers:
# a number keeps the province of the birth registration, whatever happened later).
PROVINCE_CODES = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa – Vũng Tàu",
    "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip
MALE, FEMALE = "male", "female"
DIGITS = re.compile(r"^\d{12}$")


def century_digit(year, gender):
    """The fourth digit for a person born in ``year`` of ``gender``."""
    return str((year // 100 - 19) * 2 + (1 if gender == FEMALE else 0))


def normalise(value):
    """Digits only: spaces and dots typed between groups are dropped."""
    return re.sub(r"[\s.\-]", "", str(value or ""))


def errors(number, birth_year=None, gender=None):
    """What is wrong with the number (an empty list when it is right)."""
    if not DIGITS.match(number):
        return [_("The identification number has 12 digits.")]
    problems = []
    if number[:3] not in PROVINCE_CODES:
        problems.append(_("%(code)s is not a province code.") % {"code": number[:3]})
    if birth_year and gender in (MALE, FEMALE):
        if not 1900 <= birth_year <= 2399 or number[3] != century_digit(birth_year, gender):
            problems.append(_("The fourth digit does not match the century of birth and the gender."))
        if number[4:6] != f"{birth_year % 100:02d}":
            problems.append(_("The fifth and sixth digits are not the last digits of the year of birth."))
    return problems


def validate(number, birth_year=None, gender=None):
    problems = errors(number, birth_year, gender)
    if problems:
        raise ValidationError(" ".join(problems), code="cccd")


def mask(number):
    """0010******89: the province code and the last two digits stay readable."""
    if len(number) != 12:
        return "*" * len(number)
    return number[:4] + "*" * 6 + number[-2:]


def make(province_code, birth_year, gender, serial):
    """A well-formed number (for demo and test data)."""
    return f"{province_code}{century_digit(birth_year, gender)}{birth_year % 100:02d}{serial % 1_000_000:06d}"
