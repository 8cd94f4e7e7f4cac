"""An official of Cục THADS Lào Cai links an award record of 2025 that names its person only in
text to the person of the registry, in the browser. Screenshot: test-artifacts/history-to-match.png."""

import pytest

from awards.models import AwardRecord
from emulation.models import Title, Unit
from emulation.testing import screenshot
from people.models import Person

pytestmark = pytest.mark.browser

UNIT = "Cục Thi hành án dân sự tỉnh Lào Cai"


def test_an_official_links_a_record_to_its_person(open_as):
    unit = Unit.objects.get(name=UNIT)
    person = Person.objects.filter(postings__unit=unit).order_by("pk").first()
    record = AwardRecord.objects.create(
        title=Title.objects.get(code="chien-si-thi-dua-co-so"),
        year=2025,
        unit=unit,
        person_name=person.full_name.upper() + " (ghi tay)",  # a spelling the automatic match leaves
    )
    page = open_as("canbo")
    page.goto(f"{page.base_url}/awards/history/")
    page.get_by_test_id("to-match").click()
    row = page.get_by_test_id("unmatched-row").filter(has_text="(ghi tay)")
    row.locator("select").select_option(str(person.pk))
    screenshot(page, "history-to-match")
    row.get_by_test_id("resolve").click()
    assert page.locator(".alert-success").count()
    record.refresh_from_db()
    assert record.person == person
