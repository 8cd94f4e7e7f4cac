"""Fixtures for the reports' tests.

The full demo (every app's loader) takes several seconds; most tests need only the
core structure (clusters, members, logins), so ``core`` loads just that, and the
builders' tests share one full demo per module (``full_demo``), rolled back at the
end of the module.
"""

import io

import pytest

NORTH = "khu-vuc-mien-nui-bien-gioi-phia-bac"


@pytest.fixture
def core(db):
    """The core demo only: clusters, units, memberships, titles, the demo logins."""
    from emulation.demo import load

    load()


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    """``seed_demo`` once for the module, inside a transaction rolled back at its end;
    each test runs in a savepoint within it (the ``db`` fixture)."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def north(core):
    from emulation.models import Cluster

    return Cluster.objects.get(slug=NORTH)


@pytest.fixture
def no_enqueue(monkeypatch):
    """Record the jobs services hand to Celery instead of sending them. Tests run in a
    transaction that never commits, so the hand-over (``on_commit``) is recorded at
    once; the worker tests exercise the real after-commit path."""
    from reports import services

    sent = []
    monkeypatch.setattr(services, "_enqueue_build", sent.append)
    return sent


@pytest.fixture
def statistics_world(core):
    """Award records of 2023 (and one of 2022) in the first two units, for the statistics forms."""
    from awards.models import AwardRecord
    from emulation.models import Title, Unit

    units = list(Unit.objects.order_by("pk")[:2])
    flag = Title.objects.get(code="co-thi-dua-nganh-tu-phap")
    fighter = Title.objects.get(code="chien-si-thi-dua-bo-nganh")
    merit = Title.objects.get(code="bang-khen-bo-truong")
    government = Title.objects.get(code="co-thi-dua-chinh-phu")
    AwardRecord.objects.create(title=flag, year=2023, unit=units[0])
    AwardRecord.objects.create(title=flag, year=2023, unit=units[1])
    AwardRecord.objects.create(title=fighter, year=2023, unit=units[0], person_name="Nguyễn Văn A")
    AwardRecord.objects.create(title=merit, year=2023, unit=units[0], person_name="Trần Thị B", category="leader")
    AwardRecord.objects.create(title=merit, year=2023, unit=units[1], person_name="Lê Văn C", category="worker")
    AwardRecord.objects.create(title=merit, year=2023, unit=units[1])
    AwardRecord.objects.create(title=government, year=2023, unit=units[1])
    AwardRecord.objects.create(title=merit, year=2022, unit=units[0])  # another year: not counted
    return units
