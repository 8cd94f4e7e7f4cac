"""Vietnamese numbers, read and written in one place.

Officials type and read figures the Vietnamese way whatever the interface language:
``24.196`` (thousands grouped by dots), ``89,68`` (decimal comma), ``1.234.567,5``.
``parse_vn_number`` reads them, ``format_vn_number`` writes a stored figure back the same
way (``format_vn_number(parse_vn_number(text))`` gives ``text`` back for every canonical
input). Template filters (``number``, ``percent``, ``points``) are thin wrappers around these.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import numberformat

GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_vn_number(text):
    """Parse a number as Vietnamese officials type it: ``24.196`` (thousands),
    ``89,68`` (decimal), ``1.234.567,5``; plain ``89.68`` is read as a decimal.
    Returns a Decimal, or raises ValueError."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError("empty")
    if GROUPED.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if "." in text:
            raise ValueError("mixed separators")
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not value.is_finite():
        raise ValueError(text)
    return value


def format_vn_number(value):
    """24196.0000 → "24.196"; 89.6800 → "89,68"; 1234567.5 → "1.234.567,5" (what
    parse_vn_number reads back). Text is returned as it is: it is what somebody typed."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        return value
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if not number.is_finite() or abs(number.adjusted()) > 40:
        return str(value)
    sign = "-" if number < 0 else ""
    text = format(abs(number).normalize(), "f")
    whole, _dot, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def fixed(value, decimals):
    """Round half up (as people do: 89,6777 → 89,68), then write it grouped the Vietnamese way."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return numberformat.format(rounded, ",", decimal_pos=decimals, grouping=3, thousand_sep=".", force_grouping=True)


def percent(value, decimals=2):
    """A share in percent: 89,68%."""
    if value is None or value == "":
        return ""
    return fixed(value, int(decimals)) + "%"
