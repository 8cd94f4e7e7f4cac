"""factory_boy factories for the core models; later apps import these."""

import factory
from django.contrib.auth import get_user_model

from emulation.models import Cluster, Membership, Official, Title, Unit

PASSWORD = "Test-password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.django.Password(PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Sở Tư pháp tỉnh Thử {n}")
    slug = factory.Sequence(lambda n: f"unit-{n}")
    type = Unit.Type.JUSTICE_DEPARTMENT
    province = factory.Sequence(lambda n: f"Tỉnh {n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cụm thi đua thử {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    kind = Cluster.Kind.CLUSTER
    first_year = 2015


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cluster = factory.SubFactory(ClusterFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2023
    role = Membership.Role.MEMBER


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    is_unit_head = False


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Title

    name = factory.Sequence(lambda n: f"Danh hiệu {n}")
    code = factory.Sequence(lambda n: f"title-{n}")
    kind = Title.Kind.TITLE
    level = Title.Level.COLLECTIVE
    authority = "Bộ trưởng Bộ Tư pháp"
    legal_basis = "Thông tư 11/2023/TT-BTP"
    first_year = 2017
