"""Who may ask for and download which report: the same rules as the data inside.

- ministry staff: everything, and alone the sector's reports (year-end summary, sơ kết);
- cluster head staff: every report on their cluster for the years their unit heads it;
- members of a cluster in a year: that year's pledge agreement, and the minutes of a
  vote once it is published;
- a unit's certificate layouts (phôi Bằng khen, Giấy khen): its own officials and ministry staff;
- a statistics form (biểu 0601–0603): ministry staff the sector's and every unit's, a unit's
  officials their own unit's only (the rule of the statistics page, reports/statistics_views.py).

Who may sign a finished document electronically (``reports.sign_job``): ministry staff any
document sent to the Ministry (``SIGNED_KINDS``), the head unit's officials their cluster's, a
unit's officials their unit's statistics form (the sector's: ministry staff only).

A report is described by a ``Target`` (kind, year, cluster, vote); a job is checked
through its target. ``visible_jobs(user)`` filters a job list with the same rules in
a fixed number of queries.
"""

from dataclasses import dataclass

import rules
from django.db.models import Q

from emulation.models import Membership
from emulation.permissions import is_ministry_staff, is_own_unit, unit_id_of

from . import data
from .models import CLUSTER_KINDS, SECTOR_KINDS, SIGNED_KINDS, ReportJob, ReportKind


@dataclass(frozen=True)
class Target:
    kind: str
    year: int
    cluster_id: int | None = None
    vote_id: int | None = None
    vote_published: bool = False
    unit_id: int | None = None  # a statistics form's reporting unit (None: the sector)
    form: str = ""  # a statistics form's number
    # A review's phase (the same rule as its mid-year review): a cluster's names the phase by its
    # key, the sector's by its number (phase N of each cluster's regular campaign).
    phase_id: int | None = None
    phase_number: int | None = None

    @classmethod
    def of_job(cls, job):
        published = job.kind == ReportKind.VOTE_MINUTES and data.vote_is_published(job.vote_id)
        return cls(
            job.kind,
            job.year,
            job.cluster_id,
            job.vote_id,
            published,
            job.unit_id,
            job.form_code,
            job.phase_id,
            job.phase_number,
        )


def _roles_in(user, cluster_id, year):
    """The user's unit's roles in that cluster and year (one query)."""
    unit_id = unit_id_of(user)
    if unit_id is None or cluster_id is None:
        return set()
    return set(
        Membership.objects.filter(unit_id=unit_id, cluster_id=cluster_id, year=year).values_list("role", flat=True)
    )


def may_see(user, target):
    if not user.is_authenticated:
        return False
    if is_ministry_staff(user):
        return True
    if target.kind in SECTOR_KINDS:
        return False
    if target.kind == ReportKind.STATISTICS:
        return target.unit_id is not None and target.unit_id == unit_id_of(user)
    roles = _roles_in(user, target.cluster_id, target.year)
    if Membership.Role.HEAD in roles:
        return True
    if not roles:
        return False
    if target.kind == ReportKind.PLEDGE_AGREEMENT:
        return True
    return target.kind == ReportKind.VOTE_MINUTES and target.vote_published


@rules.predicate
def can_request_report(user, target):
    return target is not None and may_see(user, target)


@rules.predicate
def can_view_job(user, job):
    return job is not None and may_see(user, Target.of_job(job))


@rules.predicate
def can_sign_job(user, job):
    if job is None or not user.is_authenticated or job.kind not in SIGNED_KINDS:
        return False
    if is_ministry_staff(user):
        return True
    if job.kind in SECTOR_KINDS:
        return False
    if job.kind == ReportKind.STATISTICS:  # the reporting unit's own officials; the sector's: staff
        return job.unit_id is not None and unit_id_of(user) == job.unit_id
    return Membership.Role.HEAD in _roles_in(user, job.cluster_id, job.year)


def visible_jobs(user, queryset=None):
    """The jobs whose data the user may see (two queries at most before the list's own)."""
    queryset = ReportJob.objects.all() if queryset is None else queryset
    if is_ministry_staff(user):
        return queryset
    unit_id = unit_id_of(user)
    if unit_id is None:
        return queryset.none()
    rows = list(Membership.objects.filter(unit_id=unit_id).values_list("cluster_id", "year", "role"))
    headed = Q(pk__in=[])
    member = Q(pk__in=[])
    for cluster_id, year, role in rows:
        pair = Q(cluster_id=cluster_id, year=year)
        member |= pair
        if role == Membership.Role.HEAD:
            headed |= pair
    published_minutes = Q(kind=ReportKind.VOTE_MINUTES, vote_id__in=data.published_vote_ids_query())
    allowed = (
        headed & ~Q(kind__in=SECTOR_KINDS)
        | member & Q(kind=ReportKind.PLEDGE_AGREEMENT)
        | member & published_minutes
        | Q(kind=ReportKind.STATISTICS, unit_id=unit_id)
    )
    return queryset.filter(allowed)


rules.add_perm("reports.request_report", can_request_report)
rules.add_perm("reports.view_job", can_view_job)
rules.add_perm("reports.sign_job", can_sign_job)
rules.add_perm("reports.view_sector", is_ministry_staff)


@rules.predicate
def keeps_layout(user, layout):
    """An official of the unit whose certificate blanks these are."""
    return layout is not None and unit_id_of(user) == layout.unit_id


# A unit's certificate layouts: its own officials and ministry staff lay them out and print
# a decision's certificates on them (the unit's own recipients; the emulation office's, all).
rules.add_perm("reports.add_certificate_layout", is_ministry_staff | is_own_unit)  # obj: the unit
rules.add_perm("reports.edit_certificate_layout", is_ministry_staff | keeps_layout)


def sees_cluster_reviews(user, cluster, year):
    """May the user ask for the cluster's reviews (sơ kết) of that year, a phase's included?"""
    return may_see(user, Target(ReportKind.CLUSTER_MID_YEAR, year, cluster.pk))


def sees_cluster_reports(user, cluster, year):
    """May the user ask for at least one of the cluster's reports for that year?"""
    return any(may_see(user, Target(kind, year, cluster.pk)) for kind in CLUSTER_KINDS)
