"""The tests' demo fixture copies back what seed_demo made; the copy must be exact."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from emulation import demo_snapshot
from emulation.models import Cluster, Unit

pytestmark = pytest.mark.django_db


def _seed_and_roll_back():
    """Seed for real, note the result and the copy, and leave the database as it was."""
    before = demo_snapshot._table_contents()
    with transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        seeded = demo_snapshot._table_contents()
        snapshot = demo_snapshot._take(before)
        transaction.set_rollback(True)
    assert demo_snapshot._table_contents() == before
    return seeded, snapshot


def test_the_copied_demo_is_the_seeded_demo_row_for_row_and_file_for_file(settings):
    seeded, snapshot = _seed_and_roll_back()
    files = {name: dict(content) for name, content in snapshot.files.items()}
    assert files.get("MEDIA_ROOT"), "the demo writes evidence files; the copy must carry them"
    for name in files:
        demo_snapshot.shutil.rmtree(getattr(settings, name))

    demo_snapshot._restore(snapshot)

    assert demo_snapshot._table_contents() == seeded
    for name, content in files.items():
        folder = demo_snapshot.Path(getattr(settings, name))
        assert {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == content
    # the ORM reads the copied rows back as it reads seeded ones, and new rows get new ids
    assert Cluster.objects.count() > 0
    unit = Unit.objects.order_by("-pk").first()
    new = Unit.objects.create(name="Đơn vị thêm sau", slug="don-vi-them-sau", type=unit.type)
    assert new.pk > unit.pk


def test_a_database_in_another_state_is_seeded_for_real(demo):
    extra = Unit.objects.create(name="Đơn vị có trước", slug="don-vi-co-truoc", type=Unit.objects.first().type)
    demo_snapshot.load_demo()  # not the state the copy was taken from: seeds over what is there
    assert Unit.objects.filter(pk=extra.pk).exists()
    assert Unit.objects.filter(slug="don-vi-co-truoc").count() == 1
