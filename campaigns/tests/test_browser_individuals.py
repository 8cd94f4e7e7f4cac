"""An official of Cục THADS Lào Cai finds, from the unit's pledges, the persons its 2022 pledge
registered by name only, and links one to the person of the registry, in the browser; the
pledge's page then leads to the person, and the unit's year grid shows the title the pledge
registered for that person. Screenshot: test-artifacts/pledge-persons-to-link.png."""

import pytest

from campaigns.models import PledgedIndividual
from emulation.models import Unit
from emulation.testing import screenshot
from people.models import Person

pytestmark = pytest.mark.browser

UNIT = "Cục Thi hành án dân sự tỉnh Lào Cai"


def test_an_official_links_a_registered_person_to_the_registry(open_as):
    unit = Unit.objects.get(name=UNIT)
    row = PledgedIndividual.objects.filter(pledge__unit=unit, pledge__year=2022, person__isnull=True).first()
    person = Person.objects.filter(postings__unit=unit).order_by("full_name").first()
    page = open_as("canbo")
    page.goto(f"{page.base_url}/campaigns/pledges/?year=2022")
    page.get_by_test_id("unlinked-alert").locator("a").click()
    line = page.get_by_test_id("unlinked-row").filter(has_text=row.full_name)
    assert line.locator("select option").first.inner_text() == "— chọn —"
    line.get_by_test_id("link").click()  # nobody chosen yet: the browser asks first, nothing is linked
    assert PledgedIndividual.objects.get(pk=row.pk).person is None
    line.locator("select").select_option(str(person.pk))
    screenshot(page, "pledge-persons-to-link")
    line.get_by_test_id("link").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count()
    assert PledgedIndividual.objects.get(pk=row.pk).person == person
    page.goto(f"{page.base_url}/campaigns/pledges/{row.pledge_id}/")
    page.get_by_test_id("individual-person").filter(has_text=row.full_name).click()
    page.wait_for_url(f"**/people/persons/{person.pk}/")
    page.goto(f"{page.base_url}/people/units/{unit.slug}/2022/")
    grid_row = page.locator(f"#row-{person.pk}")
    registered = grid_row.get_by_test_id(f"title-{row.title.code}")
    assert row.title.name in registered.inner_text()
