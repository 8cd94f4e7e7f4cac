"""The demo staff: safe to run twice, well-formed numbers, and a 2025 to walk in `make run`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from emulation.demo import enforcement
from people import cccd, queries
from people.models import IndividualTitle, Person, PersonYear, Posting, Prerequisite, Transfer
from people.transitions import INDIVIDUAL_TITLE

pytestmark = pytest.mark.django_db
S = IndividualTitle.Status


def _counts():
    return [model.objects.count() for model in (Person, Posting, PersonYear, IndividualTitle, Prerequisite, Transfer)]


def test_seeding_twice_changes_nothing(demo):
    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before
    assert before[0] >= 60


def test_every_demo_number_is_well_formed_and_no_one_has_two_open_postings(demo):
    for person in Person.objects.all():
        assert cccd.errors(person.cccd, person.date_of_birth.year, person.gender) == [], person
        assert person.postings.open().count() == 1, person


def test_unverified_figures_say_so_in_their_legal_basis(demo):
    for rule in Prerequisite.objects.all():
        assert ("[cần xác minh]" in rule.legal_basis) == rule.unverified, rule


def test_the_2025_of_lao_cai_waits_at_every_step_for_the_right_login(demo):
    User = get_user_model()
    records = IndividualTitle.objects.filter(
        person_year__unit__name=enforcement("Lào Cai"), person_year__year=2025
    ).select_related("person_year__unit")
    steps = (S.REGISTERED, S.PROPOSED, S.ASSESSED)
    by_status = {status: [r for r in records if r.status == status] for status in steps}
    assert all(by_status.values()), by_status
    for login, status, action in (("canbo", S.REGISTERED, "propose"), ("hoidong", S.PROPOSED, "assess"),
                                  ("thutruong", S.ASSESSED, "decide")):  # fmt: skip
        user = User.objects.get(username=login)
        assert action in INDIVIDUAL_TITLE.available(by_status[status][0], user), (login, action)


def test_the_transferred_person_keeps_one_history(demo):
    transfer = Transfer.objects.get()
    postings = list(transfer.person.postings.order_by("start"))
    assert [p.unit for p in postings] == [transfer.from_unit, transfer.to_unit]
    assert transfer.person in [p.person for p in queries.roster(transfer.to_unit)]
