"""What awards tell the year's calendar (``schedule.registry``): which units have sent their
award proposals to the Ministry for the dossiers step, and when, and where each does it.

A cluster head's proposals reach the Ministry either as the cluster's dossier or as the
nominations of the cluster's year-end vote; the earlier of the two is the day done. For a
step every unit owes, the unit's own dossier counts. A fixed number of queries per step
whatever the data size."""

from urllib.parse import urlencode

from django.db.models import Min
from django.urls import reverse

from emulation.models import Membership
from schedule import registry
from schedule.models import Actor, StepKind

from .dossiers import Dossier
from .models import Nomination

SENT_NOMINATIONS = [Nomination.State.SUBMITTED, Nomination.State.APPROVED, Nomination.State.REJECTED]


def _earliest(done, key, day):
    if day is not None and (key not in done or day < done[key]):
        done[key] = day


def _dossiers(step, unit_ids):
    sent = registry.among(
        Dossier.objects.filter(year=step.year, sent_to_ministry_at__isnull=False), "unit_id", unit_ids
    )
    if step.actor == Actor.CLUSTER_HEADS:
        sent = sent.filter(cluster__isnull=False)
    if step.cluster_id:
        sent = sent.filter(cluster_id=step.cluster_id)
    return sent.values("unit_id").annotate(day=Min("sent_to_ministry_at")).values_list("unit_id", "day")


def _nominations(step, unit_ids):
    heads = registry.among(Membership.objects.filter(year=step.year, role=Membership.Role.HEAD), "unit_id", unit_ids)
    if step.cluster_id:
        heads = heads.filter(cluster_id=step.cluster_id)
    head_of = dict(heads.values_list("cluster_id", "unit_id"))
    sent = Nomination.objects.filter(
        year=step.year, cluster_id__in=list(head_of), state__in=SENT_NOMINATIONS, submitted_at__isnull=False
    )
    rows = sent.values("cluster_id").annotate(day=Min("submitted_at")).values_list("cluster_id", "day")
    return [(head_of[cluster_id], day) for cluster_id, day in rows]


def dossiers_done(step, unit_ids):
    """{unit_id: day} of the units whose proposals for the step's year reached the Ministry."""
    done = {}
    for unit_id, day in _dossiers(step, unit_ids):
        _earliest(done, unit_id, day)
    if step.actor == Actor.CLUSTER_HEADS:
        for unit_id, day in _nominations(step, unit_ids):
            _earliest(done, unit_id, day)
    return done


def dossiers_urls(found):
    """The unit's dossier of the year (its cluster's, for a cluster head), or the page that
    opens one."""
    years, unit_ids = {o.step.year for o in found}, {o.unit.pk for o in found}
    rows = Dossier.objects.filter(year__in=years, unit_id__in=unit_ids).order_by("pk")
    dossier_of = {}
    for unit_id, year, cluster_id, pk in rows.values_list("unit_id", "year", "cluster_id", "pk"):
        dossier_of.setdefault((unit_id, year, cluster_id is not None), pk)
    start = reverse("awards:dossier_create")
    urls = {}
    for obligation in found:
        for_cluster = obligation.step.actor == Actor.CLUSTER_HEADS
        pk = dossier_of.get((obligation.unit.pk, obligation.step.year, for_cluster))
        query = {"year": obligation.step.year, **({"for_cluster": 1} if for_cluster else {})}
        url = reverse("awards:dossier_detail", args=[pk]) if pk else f"{start}?{urlencode(query)}"
        urls[(obligation.step.pk, obligation.unit.pk)] = url
    return urls


def register():
    registry.add_completion_provider(StepKind.DOSSIERS, dossiers_done)
    registry.add_action_url(StepKind.DOSSIERS, dossiers_urls)
