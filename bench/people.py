"""Units, officials and a cluster made for the benchmark, and their removal.

Everything made here is named with the ``bench-`` prefix (slugs, usernames, request
keys), so the page timings can leave it out and ``cleanup()`` can remove it before and
after each run. Rows are bulk-inserted: they are the stage of a measurement, not what
is measured.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from emulation.models import Cluster, Membership, Official, Unit

PREFIX = "bench-"
PASSWORD = "Bench-Rush-2026!"


@dataclass
class BenchCluster:
    cluster: Cluster
    year: int
    units: list  # Unit, the first heads the cluster
    officials: list  # Official (unit head, with its user), one per unit

    @property
    def head_user(self):
        """A user on the staff of the unit heading the cluster."""
        return self.officials[0].user


@transaction.atomic
def make_cluster(tag, size, year, *, password=PASSWORD):
    """A cluster ``bench-<tag>`` with ``size`` member units in ``year``, each with one
    official (its head) who can log in with ``password``; the first unit heads it."""
    slug = f"{PREFIX}{tag}"
    cluster = Cluster.objects.create(
        name=f"Bench cluster {tag}", slug=slug, kind=Cluster.Kind.CLUSTER, first_year=year - 1
    )
    units = Unit.objects.bulk_create(
        Unit(name=f"Bench unit {tag} {i:04d}", slug=f"{slug}-{i:04d}", type=Unit.Type.JUSTICE_DEPARTMENT)
        for i in range(size)
    )
    hashed = make_password(password)  # one hash for all: hashing is slow on purpose
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{slug}-{i:04d}", full_name=f"Bench Official {i:04d}", password=hashed)
        for i in range(size)
    )
    officials = Official.objects.bulk_create(
        Official(user=user, unit=unit, position="Giám đốc", is_unit_head=True)
        for user, unit in zip(users, units, strict=True)
    )
    Membership.objects.bulk_create(
        Membership(
            cluster=cluster, unit=unit, year=year, role=Membership.Role.HEAD if i == 0 else Membership.Role.MEMBER
        )
        for i, unit in enumerate(units)
    )
    for official, user in zip(officials, users, strict=True):
        official.user = user
    return BenchCluster(cluster=cluster, year=year, units=units, officials=officials)


@transaction.atomic
def cleanup():
    """Remove everything a previous bench run made (bench clusters, units, users and
    what hangs on them). Returns the number of bench units removed."""
    from awards.models import Nomination, Vote
    from campaigns.models import Campaign, Pledge
    from reports.models import ReportJob

    clusters = Cluster.objects.filter(slug__startswith=PREFIX)
    units = Unit.objects.filter(slug__startswith=PREFIX)
    users = get_user_model().objects.filter(username__startswith=PREFIX)
    ReportJob.objects.filter(key__startswith=PREFIX).delete()
    Nomination.objects.filter(unit__in=units).delete()
    Vote.objects.filter(cluster__in=clusters).delete()
    Pledge.objects.filter(unit__in=units).delete()
    Campaign.objects.filter(launching_cluster__in=clusters).delete()
    Membership.objects.filter(unit__in=units).delete()
    clusters.delete()
    Official.objects.filter(unit__in=units).delete()
    users.delete()
    return units.delete()[1].get(Unit._meta.label, 0)
