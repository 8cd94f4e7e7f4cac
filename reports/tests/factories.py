import factory

from emulation.tests.factories import ClusterFactory, UserFactory
from reports.models import ReportJob


class ReportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportJob

    kind = ReportJob.Kind.CLUSTER_YEAR
    vote_id = None
    year = 2022
    cluster = factory.SubFactory(ClusterFactory)
    requested_by = factory.SubFactory(UserFactory)
    key = factory.LazyAttribute(
        lambda job: ReportJob.make_key(job.kind, job.year, job.cluster and job.cluster.pk, job.vote_id)
    )
