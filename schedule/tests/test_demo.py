import io

from django.core.management import call_command

from schedule.models import YEARLY_KINDS, Notification, Step


def test_the_demo_has_three_calendars_and_loads_twice_the_same(demo):
    for year in (2024, 2025, 2026):
        assert set(Step.objects.filter(year=year, subject="").values_list("kind", flat=True)) == set(YEARLY_KINDS)
        assert all(step.basis for step in Step.objects.filter(year=year))
    before = (Step.objects.count(), Notification.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Step.objects.count(), Notification.objects.count()) == before
