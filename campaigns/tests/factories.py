"""factory_boy factories for campaigns; other apps' tests may import these."""

import datetime
from decimal import Decimal

import factory

from campaigns.models import Campaign, CampaignTarget, Direction, Phase, Pledge, PledgedIndividual, PledgeTarget
from emulation.tests.factories import ClusterFactory, TitleFactory, UnitFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    """A cluster's regular campaign for 2023 by default."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Phong trào thi đua thường xuyên {n}")
    kind = Campaign.Kind.REGULAR
    level = Campaign.Level.CLUSTER
    launching_cluster = factory.SubFactory(ClusterFactory)
    document_number = factory.Sequence(lambda n: f"{n}/KH-KV")
    document_date = datetime.date(2023, 1, 5)
    issuing_body = "Khu vực thi đua"
    first_year = 2023
    last_year = 2023
    scope = Campaign.Scope.CLUSTERS
    registration_deadline = datetime.date(2023, 1, 31)

    @factory.post_generation
    def in_scope(self, create, extracted, **kwargs):
        if create and self.launching_cluster_id:
            self.clusters.add(self.launching_cluster)

    @factory.post_generation
    def titles(self, create, extracted, **kwargs):
        if create and extracted:
            self.titles.set(extracted)


class SectorCampaignFactory(CampaignFactory):
    level = Campaign.Level.SECTOR
    launching_cluster = None
    scope = Campaign.Scope.SECTOR
    issuing_body = "Bộ Tư pháp"
    kind = Campaign.Kind.THEMATIC


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    campaign = factory.SubFactory(CampaignFactory)
    number = 1
    name = "Đợt 1"
    start = datetime.date(2023, 1, 1)
    end = datetime.date(2023, 6, 30)


class CampaignTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTarget

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Chỉ tiêu chung {n}")
    unit_of_measure = "việc"
    direction = Direction.AT_LEAST
    default_value = None


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2023
    status = Pledge.Status.DRAFT
    signer_name = "Trần Văn Đức"
    signer_position = "Cục trưởng"


class PledgeTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeTarget

    pledge = factory.SubFactory(PledgeFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Chỉ tiêu riêng {n}")
    unit_of_measure = "việc"
    direction = Direction.AT_LEAST
    value = Decimal(100)


class PledgedIndividualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgedIndividual

    pledge = factory.SubFactory(PledgeFactory)
    full_name = "Nguyễn Văn An"
    position = "Chuyên viên"
    title = factory.SubFactory(TitleFactory, level="individual")
