"""The key pages `make bench` times, each beside a Django admin page of the same model.

Objects are chosen by query when the bench runs (the biggest cluster, the latest year
with data, the draft pledge with most targets …), never by id, so the same list works on
the demo data and after ``seed_scale``. Bench-made rows (``bench-`` prefix) are left out.

The admin side is a bench-only ``AdminSite`` per page (mounted by ``bench.urls``). A list
page is compared with the change list of the same model, filtered to the page's rows, at
the page's own page size; a form (the pledge form, the scorecard) with the admin's change
*form* of the same object, the same fields and the same rows as inlines — like with like.
"""

import itertools
from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import path

from bench.people import PREFIX

DEMO_PASSWORD_USERS = ("canbo", "thutruong", "truongcum", "bo")


@dataclass(frozen=True)
class Inline:
    """Rows of ``model`` shown as a tabular inline of an admin change form."""

    model: type
    fields: tuple
    readonly: tuple = ()
    raw_id: tuple = ()  # foreign keys shown as an id box, not a select of every row


@dataclass(frozen=True)
class AdminPage:
    """A bench admin page: the change list of ``model`` filtered by ``where`` at
    ``per_page`` rows (the page's own page size, or all its rows when it has no pages),
    with ``list_editable`` fields when the page edits its rows in place,
    or, with ``change_pk``, the change form of that object with ``fields`` and ``inlines``."""

    model: type
    per_page: int = 100
    where: Q = field(default_factory=Q)
    list_display: tuple = ("__str__",)
    list_editable: tuple = ()
    select_related: tuple = ()
    change_pk: int | None = None
    fields: tuple = ()
    inlines: tuple = ()

    @property
    def label(self):
        name = self.model._meta.model_name
        if self.change_pk is None:
            editable = f", {len(self.list_editable)} fields editable" if self.list_editable else ""
            return f"{name} list of {self.per_page}{editable}"
        rows = " + ".join(inline.model._meta.model_name for inline in self.inlines)
        return f"{name} change form" + (f" with {rows} inlines" if rows else "")


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    username: str
    admin: AdminPage | None = None
    admin_url: str = ""  # set by mount_admin_pages()


# --- choosing the objects -------------------------------------------------------------


def _real(queryset, cluster_field="cluster"):
    return queryset.exclude(**{f"{cluster_field}__slug__startswith": PREFIX})


def latest_year():
    from emulation.services import working_year

    return working_year()


def biggest_cluster_year(with_regular_campaign=False):
    """(cluster, year) with most member units, optionally only where the cluster runs
    its regular campaign that year."""
    from campaigns.models import Campaign
    from emulation.models import Cluster, Membership

    rows = (
        _real(Membership.objects)
        .values("cluster_id", "year")
        .annotate(members=Count("pk"))
        .order_by("-members", "-year", "cluster_id")
    )
    for row in rows[:50]:
        cluster = Cluster.objects.get(pk=row["cluster_id"])
        if not with_regular_campaign or Campaign.objects.regular_of_cluster(cluster, row["year"]).exists():
            return cluster, row["year"]
    return None, None


def head_staff_username(cluster, year, fallback="bo"):
    """A login on the staff of the unit heading ``cluster`` in ``year``."""
    from emulation.models import Membership, Official

    head = Membership.objects.filter(cluster=cluster, year=year, role=Membership.Role.HEAD).first()
    official = head and Official.objects.filter(unit_id=head.unit_id).select_related("user").order_by("pk").first()
    return official.user.username if official else fallback


def unit_username(unit_id, fallback="bo"):
    from emulation.models import Official

    official = Official.objects.filter(unit_id=unit_id).select_related("user").order_by("pk").first()
    return official.user.username if official else fallback


# --- the pages ------------------------------------------------------------------------


def core_pages():
    from emulation.models import Cluster, Membership, Unit

    year = latest_year()
    cluster, cluster_year = biggest_cluster_year()
    membership_list = AdminPage(
        Membership, 50, list_display=("unit", "cluster", "year", "role"), select_related=("unit", "cluster")
    )
    pages = [
        Page("dashboard (official)", "/", "canbo", membership_list),
        Page("dashboard (unit head)", "/", "thutruong", membership_list),
        Page("dashboard (cluster head)", "/", "truongcum", membership_list),
        Page("dashboard (ministry)", "/", "bo", membership_list),
        Page("clusters", f"/clusters/?year={year}", "bo", AdminPage(Cluster, 100, list_display=("name", "kind"))),
        Page("units", "/units/", "canbo", AdminPage(Unit, 50, list_display=("name", "type", "province"))),
        Page(
            "year setup",
            f"/setup/{year}/",
            "bo",
            AdminPage(
                Membership,
                100,
                Q(year=year),
                list_display=("unit", "cluster", "year", "role"),
                select_related=("unit", "cluster"),
            ),
        ),
    ]
    if cluster:
        pages.insert(
            5,
            Page(
                f"cluster detail ({cluster.memberships.filter(year=cluster_year).count()} members)",
                f"/clusters/{cluster.slug}/?year={cluster_year}",
                "canbo",
                AdminPage(
                    Membership,
                    100,
                    Q(cluster=cluster, year=cluster_year),
                    list_display=("unit", "cluster", "year", "role"),
                    select_related=("unit", "cluster"),
                ),
            ),
        )
    return pages


def cluster_overview_page(campaign=None):
    """The pledge overview of ``campaign``'s cluster and year, or of the biggest cluster
    running a regular campaign, as its head's staff."""
    from campaigns.models import Pledge

    if campaign is not None:
        cluster, year = campaign.launching_cluster, campaign.first_year
    else:
        cluster, year = biggest_cluster_year(with_regular_campaign=True)
        if cluster is None:
            return None
    return Page(
        f"cluster pledge overview ({cluster.memberships.filter(year=year).count()} members)",
        f"/campaigns/clusters/{cluster.slug}/?year={year}",
        head_staff_username(cluster, year),
        AdminPage(
            Pledge,
            50,
            Q(campaign__launching_cluster=cluster, year=year),
            list_display=("unit", "status", "collective_title", "is_late"),
            select_related=("unit", "collective_title", "campaign"),
        ),
    )


def pledge_form_page():
    """The edit page of the draft (or returned) pledge with most rows, as its unit's official."""
    from campaigns.forms.pledges import IndividualForm, PledgeForm, PledgeTargetForm
    from campaigns.models import Pledge, PledgedIndividual, PledgeTarget

    draft = (
        Pledge.objects.filter(status__in=Pledge.EDITABLE)
        .exclude(unit__slug__startswith=PREFIX)
        .annotate(rows=Count("targets", distinct=True) + Count("individuals", distinct=True))
        .order_by("-rows", "-year", "pk")
        .first()
    )
    if draft is None:
        return None
    return Page(
        f"pledge form ({draft.rows} rows)",
        f"/campaigns/pledges/{draft.pk}/edit/",
        unit_username(draft.unit_id),
        AdminPage(
            Pledge,
            change_pk=draft.pk,
            fields=tuple(PledgeForm._meta.fields),
            inlines=(
                Inline(PledgeTarget, tuple(PledgeTargetForm._meta.fields)),
                Inline(PledgedIndividual, tuple(IndividualForm._meta.fields)),
            ),
        ),
    )


def campaign_pages():
    return [page for page in (cluster_overview_page(), pledge_form_page()) if page]


def scoring_pages():
    from emulation.models import Unit
    from scoring.models import Scorecard, ScoreEntry

    pages = []
    card = (
        Scorecard.objects.exclude(unit__slug__startswith=PREFIX)
        .annotate(rows=Count("entries"), draft=Count("pk", filter=Q(status=Scorecard.Status.DRAFT)))
        .order_by("-draft", "-rows", "-year", "pk")
        .first()
    )
    if card:
        pages.append(
            Page(
                f"scorecard ({card.rows} criteria, {card.status})",
                f"/scoring/cards/{card.pk}/",
                unit_username(card.unit_id),
                AdminPage(
                    Scorecard,
                    change_pk=card.pk,
                    fields=("certification",),
                    inlines=(
                        Inline(
                            ScoreEntry,
                            ("criterion", "value", "planned", "answer", "self_points", "note"),
                            readonly=("criterion",),
                        ),
                    ),
                ),
            )
        )
    busiest = (
        Scorecard.objects.exclude(unit__slug__startswith=PREFIX)
        .values("year", "unit_type")
        .annotate(cards=Count("pk"))
        .order_by("-cards", "-year")
        .first()
    )
    if busiest:
        year, unit_type, cards = busiest["year"], busiest["unit_type"], busiest["cards"]
        pages.append(
            Page(
                f"ranking ({cards} {Unit.Type(unit_type).name.lower()} cards, {year})",
                f"/scoring/ranking/?year={year}&type={unit_type}",
                "bo",
                AdminPage(
                    Scorecard,
                    max(cards, 1),
                    Q(year=year, unit_type=unit_type),
                    list_display=("unit", "final_total", "band", "status"),
                    select_related=("unit", "band"),
                ),
            )
        )
    return pages


def vote_pages(vote=None):
    """A vote's page as its head's staff and its ballot as a voter: ``vote``, or the
    open vote (else any) with the longest roll."""
    from awards.models import Candidate, Vote

    votes = Vote.objects.filter(pk=vote.pk) if vote is not None else _real(Vote.objects)
    vote = (
        votes.filter(voters__official__isnull=False)
        .annotate(roll=Count("voters", distinct=True), open_now=Count("pk", filter=Q(state=Vote.State.OPEN)))
        .order_by("-open_now", "-roll", "-year", "pk")
        .first()
    )
    if vote is None:
        return []
    voter = vote.voters.filter(official__isnull=False).select_related("official__user").order_by("pk").first()
    candidates = vote.candidates.count()
    return [
        Page(
            f"vote page, head's staff ({vote.roll} voters, {vote.state})",
            f"/awards/votes/{vote.pk}/",
            head_staff_username(vote.cluster, vote.year),
            _vote_admin(vote),
        ),
        Page(
            f"ballot page, voter ({candidates} candidates, {vote.state})",
            f"/awards/votes/{vote.pk}/ballot/",
            voter.official.user.username,
            AdminPage(
                Candidate,
                max(candidates, 1),
                Q(vote=vote),
                list_display=("unit", "origin", "withdrawn"),
                select_related=("unit",),
            ),
        ),
    ]


def _vote_admin(vote):
    """In draft the vote page is the vote's set-up form (settings, candidates, roll): the
    admin's change form with the same fields and rows. Once open it shows the roll: the
    voter list."""
    from awards.models import VOTE_SETTINGS, Candidate, Vote, Voter

    if vote.state == Vote.State.DRAFT:
        return AdminPage(
            Vote,
            change_pk=vote.pk,
            fields=tuple(VOTE_SETTINGS),
            inlines=(
                Inline(Candidate, ("unit", "origin", "withdrawn", "withdrawn_reason"), readonly=("unit", "origin")),
                Inline(Voter, ("unit", "official", "present"), readonly=("unit",), raw_id=("official",)),
            ),
        )
    return AdminPage(
        Voter,
        max(vote.roll, 1),
        Q(vote=vote),
        list_display=("unit", "official", "present", "voted"),
        select_related=("unit", "official__user"),
    )


def report_pages():
    from reports.models import ReportJob

    return [
        Page(
            "report list (ministry)",
            f"/reports/?year={latest_year()}",
            "bo",
            AdminPage(
                ReportJob,
                25,
                list_display=("kind", "year", "cluster", "state", "requested_by"),
                select_related=("cluster", "requested_by"),
            ),
        )
    ]


def calendar_pages():
    """Who is late on what, for the whole sector and for a cluster head (schedule.agenda.overdue),
    what is due this month and next, and the working year's calendar (``seed_scale`` makes every
    year's steps, cluster dates and steps recorded done)."""
    from schedule.models import Step

    steps = AdminPage(Step, 100, list_display=("year", "kind", "due_date", "actor"))
    return [
        Page("overdue (ministry)", "/schedule/overdue/", "bo", steps),
        Page("overdue (cluster head)", "/schedule/overdue/", "truongcum", steps),
        Page("calendar, this month and next (ministry)", "/schedule/", "bo", steps),
        Page(f"year's calendar {latest_year()} (ministry)", f"/schedule/year/{latest_year()}/", "bo", steps),
    ]


def dossier_pages():
    """The emulation office's inbox, and the dossier with most recipients, as ministry staff."""
    from awards.models import Dossier, DossierLine
    from awards.views.common import PAGE_SIZE

    waiting = Q(holder__is_emulation_office=True) & ~Q(state__in=[Dossier.State.DRAFT, Dossier.State.DECIDED])
    inbox = Dossier.objects.filter(waiting).count()
    pages = [
        Page(
            f"dossier inbox, office ({inbox} waiting)",
            "/awards/dossiers/inbox/",
            "bo",
            AdminPage(
                Dossier,
                PAGE_SIZE,
                waiting,
                list_display=("unit", "year", "state", "holder", "officer", "due_date"),
                select_related=("unit", "holder", "officer"),
            ),
        )
    ]
    biggest = Dossier.objects.annotate(rows=Count("lines")).order_by("-rows", "-year", "pk").first()
    if biggest is not None:
        pages.append(
            Page(
                f"dossier ({biggest.rows} recipients, {biggest.state})",
                f"/awards/dossiers/{biggest.pk}/",
                "bo",
                AdminPage(
                    Dossier,
                    change_pk=biggest.pk,
                    fields=("subject", "level", "due_date"),
                    inlines=(
                        Inline(
                            DossierLine,
                            ("person", "unit", "title", "position", "achievement_summary", "verdict", "verdict_reason"),
                            raw_id=("person", "unit"),
                        ),
                    ),
                ),
            )
        )
    return pages


def people_pages():
    """The year grid (grading and titles, a page of persons) of the unit with most staff."""
    from emulation.models import Unit
    from people.models import PersonYear
    from people.views.years import GRID_PAGE_SIZE

    year = latest_year() - 1
    row = (
        PersonYear.objects.filter(year=year)
        .values("unit_id")
        .annotate(persons=Count("pk"))
        .order_by("-persons", "unit_id")
        .first()
    )
    if row is None:
        return []
    unit = Unit.objects.get(pk=row["unit_id"])
    return [
        Page(
            f"year grid ({row['persons']} persons, {year})",
            f"/people/units/{unit.slug}/{year}/",
            unit_username(unit.pk),
            AdminPage(
                PersonYear,
                min(row["persons"], GRID_PAGE_SIZE),
                Q(unit=unit, year=year),
                list_display=("person", "year", "unit", "grading", "discipline", "discipline_date"),
                list_editable=("grading", "discipline", "discipline_date"),
                select_related=("person", "unit"),
            ),
        )
    ]


def key_pages():
    pages = core_pages() + campaign_pages() + scoring_pages() + vote_pages() + report_pages() + calendar_pages()
    return pages + dossier_pages() + people_pages()


def ensure_report_jobs(count=30):
    """Finished report jobs for the report list to show (made only when there are
    fewer than a page of them; removed by ``people.cleanup``)."""
    from django.contrib.auth import get_user_model

    from reports.models import ReportJob

    missing = count - ReportJob.objects.count()
    if missing <= 0:
        return
    by = get_user_model().objects.get(username="bo")
    ReportJob.objects.bulk_create(
        ReportJob(
            kind=ReportJob.Kind.SECTOR_YEAR,
            year=latest_year(),
            key=f"{PREFIX}{i}",
            requested_by=by,
            state=ReportJob.State.DONE,
            progress=100,
            page_count=3,
        )
        for i in range(missing)
    )


# --- the admin side -------------------------------------------------------------------

_site_numbers = itertools.count()


def _inline_admin(spec):
    class BenchInline(admin.TabularInline):
        model = spec.model
        fields = spec.fields
        readonly_fields = spec.readonly
        raw_id_fields = spec.raw_id
        extra = 0

    return BenchInline


def _model_admin(spec):
    class BenchAdmin(admin.ModelAdmin):
        list_per_page = spec.per_page
        list_display = spec.list_display
        list_editable = spec.list_editable
        list_select_related = spec.select_related or False
        show_full_result_count = False
        fields = spec.fields or None
        inlines = [_inline_admin(inline) for inline in spec.inlines]

        def get_queryset(self, request):
            return super().get_queryset(request).filter(spec.where)

    return BenchAdmin


def _admin_url(number, spec):
    meta = spec.model._meta
    url = f"/bench-admin/{number}/{meta.app_label}/{meta.model_name}/"
    return url if spec.change_pk is None else f"{url}{spec.change_pk}/change/"


def mount_admin_pages(pages):
    """One AdminSite per page at /bench-admin/<n>/; returns (url patterns, pages with admin_url)."""
    patterns, mounted = [], []
    for page in pages:
        number = next(_site_numbers)
        spec = page.admin
        if spec is None:
            mounted.append(page)
            continue
        site = admin.AdminSite(name=f"bench_admin_{number}")
        site.register(spec.model, _model_admin(spec))
        patterns.append(path(f"bench-admin/{number}/", site.urls))
        mounted.append(Page(page.name, page.url, page.username, spec, _admin_url(number, spec)))
    return patterns, mounted
