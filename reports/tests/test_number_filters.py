"""One way of writing numbers on every page and PDF (domain.md: ``.`` groups thousands,
``,`` is the decimal mark), in both interface languages."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from scoring.templatetags.scoring import points

TEMPLATE = Template(
    "{% load emulation %}{{ count|number }} {{ stored|number }} {{ share|percent }} "
    "{{ ratio|number:2 }} {{ typed|number }} {{ year }}"
)
VALUES = {
    "count": 27430,
    "stored": Decimal("24196.0000"),
    "share": Decimal("89.6777"),
    "ratio": Decimal("1234.565"),
    "typed": "hơn 1,8 triệu",
    "year": 2022,
}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_numbers_are_written_the_vietnamese_way_in_either_language(language):
    with translation.override(language):
        text = TEMPLATE.render(Context(VALUES))
        assert points(Decimal("1.50")) == "1,5" and points(Decimal("200.00")) == "200"
    assert text == "27.430 24.196 89,68% 1.234,57 hơn 1,8 triệu 2022"


def test_the_reports_library_writes_numbers_the_same_way():
    rendered = Template("{% load reports %}{{ v|number }} {{ v|percent:1 }}").render(Context({"v": Decimal("1234.5")}))
    assert rendered == "1.234,5 1.234,5%"
