"""Fuzzing the calendar's forms: whatever is typed, the page answers with its form and the
error or saves and redirects, never a 500."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schedule.models import StepKind

FUZZ = settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", "31/03/2026", "2026-02-30", "0", "-1", "1e309", "NaN", "366", "Lào Cai", "\x00", "９"]),
)


@FUZZ
@given(kind=TEXT, due=TEXT, actor=TEXT, basis=TEXT, before=TEXT, late=TEXT)
def test_the_years_calendar_form(client, world, kind, due, actor, basis, before, late):
    client.force_login(world.officials["bo"])
    data = {"steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 0, "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 1000}
    data.update({"steps-0-kind": kind, "steps-0-due_date": due, "steps-0-actor": actor, "steps-0-basis": basis})
    data.update({"steps-0-remind_days_before": before, "steps-0-remind_every_days_late": late})
    response = client.post(reverse("schedule:year", args=[2027]), data)
    assert response.status_code in (200, 302)


@FUZZ
@given(day=TEXT)
def test_the_cluster_dates_form(client, world, day):
    client.force_login(world.officials["truong"])
    pledge = world.steps[StepKind.PLEDGE]
    response = client.post(
        reverse("schedule:cluster_dates", args=[2026, world.cluster.slug]), {f"step_{pledge.pk}": day}
    )
    assert response.status_code in (200, 302)


@FUZZ
@given(step=TEXT, unit=TEXT)
def test_the_remind_and_done_buttons(client, world, step, unit):
    client.force_login(world.officials["bo"])
    for name in ("schedule:remind", "schedule:record_done"):
        assert client.post(reverse(name), {"step": step, "unit": unit}).status_code == 302
