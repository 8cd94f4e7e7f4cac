"""factory_boy factories for people; later apps' tests may import these."""

import datetime

import factory

from emulation.tests.factories import UnitFactory
from people import cccd
from people.models import Gender, IndividualTitle, Person, PersonYear, Posting, StaffKind


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    date_of_birth = datetime.date(1985, 5, 17)
    gender = Gender.MALE
    cccd = factory.LazyAttributeSequence(lambda o, n: cccd.make("010", o.date_of_birth.year, o.gender, n))


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    staff_kind = StaffKind.CIVIL_SERVANT
    start = datetime.date(2015, 1, 1)
    end = None


class PersonYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonYear

    person = factory.SubFactory(PersonFactory)
    year = 2025
    unit = factory.SubFactory(UnitFactory)
    grading = "good"


class IndividualTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndividualTitle

    person_year = factory.SubFactory(PersonYearFactory)
    status = IndividualTitle.Status.REGISTERED
