"""``manage.py seed_scale`` at a tiny scale: proportional counts, constraints, secret
ballots, the key pages afterwards, and a second run refused.

The data set is loaded once for the class ``TestOnTheDemo`` (inside a transaction rolled
back when the class is done), so the checks cost one load, not one each."""

import io
import re
import unicodedata
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext

from awards.models import Ballot, Candidate, Dossier, DossierLine, Nomination, Participation, Vote
from campaigns.models import Campaign, Pledge, PledgeTarget
from emulation import scale
from emulation.models import Cluster, Membership, Unit
from people.models import IndividualTitle, Person, PersonYear
from schedule.models import YEARLY_KINDS, ClusterDate, Completion, Step, StepKind
from scoring.models import Criterion, Scorecard, ScoreEntry

pytestmark = pytest.mark.django_db
SCALE = 0.01
NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"


def seed(size=SCALE):
    out = io.StringIO()
    call_command("seed_scale", scale=size, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def scaled(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield seed()
        transaction.set_rollback(True)


def scale_units():
    names = [name for name, *_rest in scale._unit_specs(SCALE)]
    return Unit.objects.filter(name__in=names)


def test_the_full_scale_plans_the_sector_and_over_100_000_pledges():
    specs = scale._unit_specs(1.0)
    types = Counter(kind for _name, kind, *_rest in specs)
    assert types[Unit.Type.JUSTICE_DEPARTMENT] == types[Unit.Type.ENFORCEMENT_PROVINCE] == 34
    assert types[Unit.Type.MINISTRY_UNIT] == 30
    assert types[Unit.Type.DISTRICT_JUSTICE] + types[Unit.Type.ENFORCEMENT_DISTRICT] == 700
    assert len({name for name, *_rest in specs}) == len(specs)
    # Every unit pledges each year to the sector's regular and eleven thematic campaigns,
    # and to the regular campaign of each cluster it belongs to (at least one).
    assert len(specs) * len(scale.YEARS) * (12 + 1) >= 100_000


def test_it_runs_on_an_empty_database_too():
    seed()
    assert Unit.objects.filter(type=Unit.Type.MINISTRY).count() == 1
    assert Vote.objects.filter(state="published").exists()
    assert Cluster.objects.count() == 16


class TestOnTheDemo:
    def test_counts_follow_the_scale(self, scaled):
        units = list(scale_units())
        assert len(units) == len(scale._unit_specs(SCALE)) == 2 * 5 + 1 + 2 * 4
        years = len(scale.YEARS)
        assert Scorecard.objects.filter(unit__in=units).count() == len(units) * years
        sector = Pledge.objects.filter(unit__in=units, campaign__level=Campaign.Level.SECTOR)
        assert sector.count() == len(units) * years * 12
        memberships = Membership.objects.filter(unit__in=units, year__in=scale.YEARS).count()
        in_cluster_campaigns = Pledge.objects.filter(unit__in=units, campaign__level=Campaign.Level.CLUSTER).count()
        assert in_cluster_campaigns == memberships
        assert "campaigns.Pledge" in scaled and "Scale data loaded" in scaled

    def test_pledges_have_5_to_10_targets_and_results_for_past_years(self, scaled):
        counts = Pledge.objects.filter(created_by__username=scale.MARKER_USERNAME).annotate(n=Count("targets"))
        assert set(counts.values_list("n", flat=True)) <= set(range(5, 11))
        past = PledgeTarget.objects.filter(pledge__created_by__username=scale.MARKER_USERNAME, pledge__year__lt=2025)
        assert past.exists() and not past.filter(actual__isnull=True).exists()
        assert not PledgeTarget.objects.filter(pledge__year=2025, pledge__status="draft", actual__isnull=False).exists()

    def test_scorecards_have_60_entries_and_are_final_for_past_years(self, scaled):
        cards = Scorecard.objects.filter(unit__in=scale_units()).annotate(n=Count("entries"))
        own = cards.filter(table__published_by__username=scale.MARKER_USERNAME)  # not the demo's tables
        assert set(own.filter(status__in=["final", "reviewed"]).values_list("n", flat=True)) == {60}
        assert not own.filter(year__lt=2025).exclude(status="final").exists()
        assert not cards.filter(status="final", final_total__isnull=True).exists()
        table = own.first().table
        assert Criterion.objects.filter(table=table, parent__isnull=False).count() == 60
        assert not ScoreEntry.objects.filter(self_points__lt=0).exists()

    def test_constraints_and_leadership_hold(self, scaled):
        connection.check_constraints()  # foreign keys (SQLite defers them to the commit)
        for model in (Unit, Cluster):
            names = model.objects.values_list("name", flat=True)
            assert all(unicodedata.is_normalized("NFC", name) for name in names)
        leaders = Membership.objects.values("cluster", "year").annotate(
            heads=Count("pk", filter=Q(role="head")), deputies=Count("pk", filter=Q(role="deputy")), n=Count("pk")
        )
        assert {row["heads"] for row in leaders} == {1}
        scale_only = leaders.filter(year__in=[2016, 2019, 2024, 2025], n__gte=3)
        assert scale_only.exists() and {row["deputies"] for row in scale_only} == {2}
        north = Cluster.objects.get(slug=NORTH)
        assert north.memberships.filter(year=2025, role="head").get().unit.name == "Sở Tư pháp tỉnh Lào Cai"
        assert set(north.memberships.values_list("year", flat=True)) == set(scale.YEARS)

    def test_ballots_stay_secret_and_add_up(self, scaled):
        assert not [f for f in Ballot._meta.get_fields() if f.is_relation and f.related_model.__name__ != "Vote"]
        votes = Vote.objects.filter(created_by__username=scale.MARKER_USERNAME)
        assert votes.filter(state="published").exists() and votes.filter(state="open").exists()
        for vote in votes:
            ballots = list(vote.ballots.values_list("approved", flat=True))
            assert len(ballots) == Participation.objects.filter(vote=vote).count()
            assert all(len(approved) <= vote.seats for approved in ballots)
            if vote.state == "published":
                assert vote.cast_count == vote.voted_count == len(ballots)
                received = sum(Candidate.objects.filter(vote=vote).values_list("votes", flat=True))
                assert received == sum(len(approved) for approved in ballots)
                assert not vote.candidates.filter(in_runoff=True).exists()
        assert Nomination.objects.filter(vote__in=votes, state="approved").exists()

    def test_persons_have_well_formed_numbers_grades_and_titles(self, scaled):
        persons = Person.objects.filter(postings__unit__in=scale_units(), years__year=2016).distinct()  # not the demo's
        assert persons.count() > 25
        for person in persons[:50]:
            person.full_clean()  # the CCCD matches the birth year and gender
        years = PersonYear.objects.filter(person__in=persons)
        assert not years.filter(year__lt=2025, grading="").exists()
        assert not years.filter(year=2025).exclude(grading="").exists()
        titles = IndividualTitle.objects.filter(person_year__in=years)
        assert titles.exists() and not titles.exclude(status="decided").exists()
        assert not titles.filter(person_year__grading__in=["done", "not_done"]).exists()

    def test_dossiers_are_decided_for_past_years_and_wait_on_the_office_now(self, scaled):
        dossiers = Dossier.objects.filter(created_by__username=scale.MARKER_USERNAME)
        assert not dossiers.filter(year__lt=2025).exclude(state="decided").exists()
        assert not dossiers.filter(state="decided", decision_number="").exists()
        waiting = dossiers.filter(year=2025, holder__is_emulation_office=True)
        assert waiting.exists() and not waiting.filter(state__in=["draft", "decided"]).exists()
        lines = DossierLine.objects.filter(dossier__in=dossiers)
        assert lines.filter(unit__isnull=False).count() == dossiers.count()  # each unit proposes itself
        assert not lines.filter(person__isnull=False).exclude(person__postings__unit=F("dossier__unit")).exists()
        biggest = dossiers.annotate(n=Count("lines")).order_by("-n").first()
        assert biggest.n == 201 and biggest.year == 2025  # the benchmarks' big dossier
        higher = dossiers.filter(level="prime_minister")
        assert higher.filter(year=2025, state="sent_up").exclude(sent_up_number="").exists()
        assert not higher.filter(year__lt=2025).exclude(state="decided", decision_number__endswith="/QĐ-TTg").exists()

    def test_every_year_has_its_calendar_and_past_untracked_steps_are_mostly_done(self, scaled):
        steps = Step.objects.filter(year__in=scale.YEARS, subject="")
        per_year = Counter(steps.values_list("year", flat=True))
        assert per_year == {year: len(YEARLY_KINDS) for year in scale.YEARS}
        assert Step.objects.filter(year=2019, kind=StepKind.PHASE_REVIEW, cluster__isnull=False).exists()
        assert ClusterDate.objects.filter(step__year=2016, step__kind=StepKind.PLEDGE).exists()
        assert not ClusterDate.objects.filter(due_date__gt=F("step__due_date")).exists()
        conference = steps.get(year=2019, kind=StepKind.CONFERENCE)
        # a unit that heads two clusters records the step once: count the head units
        heads = Membership.objects.filter(year=2019, role="head").values("unit_id").distinct().count()
        done = Completion.objects.filter(step=conference).count()
        assert 0.8 * heads <= done <= heads
        assert not Completion.objects.filter(step__year=2025).exists()  # the year under way: still owed

    def test_key_pages_answer_after_scale(self, scaled, client, login):
        login("bo")
        campaign = Campaign.objects.filter(launching_cluster__slug=NORTH, first_year=2024).get()
        for url in (
            "/",
            f"/clusters/{NORTH}/",
            f"/clusters/{NORTH}/?year=2019",
            "/scoring/ranking/?year=2024&type=thads_district",
            f"/scoring/ranking/?year=2024&type=doj&cluster={NORTH}",
            f"/campaigns/clusters/{NORTH}/?year=2024",
            f"/campaigns/{campaign.pk}/",
            "/awards/nominations/",
            "/schedule/",
            "/schedule/overdue/",
            "/schedule/year/2019/",
            "/awards/dossiers/inbox/",
            f"/awards/dossiers/{Dossier.objects.order_by('-pk').first().pk}/",
        ):
            assert client.get(url).status_code == 200, url
        for username in ("canbo", "thutruong", "truongcum"):
            login(username)
            assert client.get("/").status_code == 200
            assert client.get(f"/clusters/{NORTH}/").status_code == 200
        assert client.get(f"/campaigns/clusters/{NORTH}/").status_code == 200  # truongcum heads it in 2025

    def test_a_second_run_is_refused(self, scaled):
        pledges = Pledge.objects.count()
        refusal = gettext(
            "The scale data set is already loaded in this database. Load it into a fresh database instead."
        )
        with pytest.raises(CommandError, match=re.escape(refusal)):
            seed()
        assert Pledge.objects.count() == pledges
