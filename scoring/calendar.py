"""What scoring tells the year's calendar (``schedule.registry``): which units have sent
their self-score for the results step, and when, and where each unit does it. One query per
provider whatever the data size."""

from django.urls import reverse

from schedule import registry
from schedule.models import StepKind

from .models import Scorecard

SENT = [Scorecard.Status.SUBMITTED, Scorecard.Status.REVIEWED, Scorecard.Status.FINAL]


def results_done(step, unit_ids):
    """Units whose scorecard for the step's year is sent (and not returned), on the day sent."""
    sent = registry.among(Scorecard.objects.filter(year=step.year, status__in=SENT), "unit_id", unit_ids)
    return dict(sent.values_list("unit_id", "submitted_at"))


def results_urls(found):
    """The unit's scorecard of the year, or the page where it opens one."""
    years, unit_ids = {o.step.year for o in found}, {o.unit.pk for o in found}
    cards = Scorecard.objects.filter(year__in=years, unit_id__in=unit_ids).values_list("unit_id", "year", "pk")
    card_of = {(unit_id, year): pk for unit_id, year, pk in cards}
    start = reverse("scoring:index")
    urls = {}
    for obligation in found:
        pk = card_of.get((obligation.unit.pk, obligation.step.year))
        key = (obligation.step.pk, obligation.unit.pk)
        urls[key] = reverse("scoring:card", args=[pk]) if pk else f"{start}?year={obligation.step.year}"
    return urls


def register():
    registry.add_completion_provider(StepKind.RESULTS, results_done)
    registry.add_action_url(StepKind.RESULTS, results_urls)
