"""The votes of a cluster: the list, creating one, its page, opening, the live count,
closing and counting, publishing, the second round and the nominations from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.models import Cluster, Official, Title, Unit
from emulation.permissions import headed_cluster_ids, is_ministry_staff
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices

from .. import forms, queries, services
from ..models import Participation, TitleRule, Vote
from ..permissions import sees_result, visible_votes
from ..transitions import vote_actions
from .common import DRAFTED, PAGE_SIZE, back_to, load_vote, show_errors


@login_required
def index(request):
    year = requested_year(request)
    user = request.user
    votes = (
        visible_votes(user, year)
        .select_related("cluster", "title", "runoff_of")
        .annotate(candidate_count=Count("candidates", filter=Q(candidates__withdrawn=False), distinct=True))
        .order_by(vi_collate("cluster__name"), "title__order", "pk")
    )
    page = Paginator(votes, PAGE_SIZE).get_page(request.GET.get("page"))
    to_cast = list(
        Vote.objects.filter(state=Vote.State.OPEN, mode=Vote.Mode.ELECTRONIC, voters__official__user=user)
        .filter(voters__present=True)
        .exclude(Exists(Participation.objects.filter(vote=OuterRef("pk"), voter__official__user=user)))
        .select_related("cluster", "title")
        .distinct()
    )
    headed = headed_cluster_ids(user, year)
    context = {
        "year": year,
        "years": year_choices(),
        "page": page,
        "to_cast": to_cast,
        "can_create": bool(headed),
        "headed": list(Cluster.objects.filter(pk__in=headed).order_by(vi_collate("name"))) if headed else [],
        "is_ministry": is_ministry_staff(user),
    }
    return render(request, "awards/index.html", context)


def _vote_titles(year):
    rules = TitleRule.objects.in_force(year).filter(chosen_by_vote=True)
    return Title.objects.filter(pk__in=rules.values("title_id")).order_by("order", "name")


@never_cache
@login_required
def vote_create(request):
    year = requested_year(request)
    clusters = list(Cluster.objects.filter(pk__in=headed_cluster_ids(request.user, year)))
    if not clusters:
        raise PermissionDenied
    form = forms.VoteCreateForm(request.POST or None, clusters=clusters, titles=_vote_titles(year))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = services.create_vote(
                data["cluster"],
                year,
                data["title"],
                request.user,
                mode=data["mode"],
                meeting_place=data["meeting_place"],
                meeting_date=data["meeting_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The vote has been created. Check the candidates and the voter roll."))
            return redirect("awards:vote_detail", pk=vote.pk)
    return render(request, "awards/vote_create.html", {"form": form, "year": year})


def detail_context(request, vote):
    user = request.user
    candidates = list(vote.candidates.select_related("unit").order_by("withdrawn", vi_collate("unit__name")))
    voters = list(vote.voters.select_related("unit", "official__user").order_by(vi_collate("unit__name")))
    actions = vote_actions(vote, user)
    context = {
        "vote": vote,
        "actions": actions,
        "candidates": [c for c in candidates if not c.withdrawn],
        "withdrawn": [c for c in candidates if c.withdrawn],
        "voters": voters,
        "presence_marked": any(v.present for v in voters),
        "can_see_results": sees_result(user, vote),
    }
    # Every runoff of the same title, cluster and year: this vote's own, and whether
    # any in the chain is still to be held (one query).
    chain = list(
        Vote.objects.filter(
            cluster_id=vote.cluster_id, year=vote.year, title_id=vote.title_id, runoff_of__isnull=False
        ).order_by("pk")
    )
    context["runoffs"] = [r for r in chain if r.runoff_of_id == vote.pk]
    context["runoff_pending"] = any(r.state in (Vote.State.DRAFT, Vote.State.OPEN) for r in chain)
    if "edit" in actions:
        member_units = list(
            Unit.objects.filter(memberships__cluster=vote.cluster, memberships__year=vote.year).order_by(
                vi_collate("name")
            )
        )
        listed = {c.unit_id for c in candidates if not c.withdrawn}
        context["settings_form"] = forms.VoteSettingsForm(instance=vote)
        context["add_form"] = forms.AddCandidateForm(units=[u for u in member_units if u.pk not in listed])
        officials = {}
        for official in Official.objects.filter(unit_id__in=[v.unit_id for v in voters]).select_related("user"):
            officials.setdefault(official.unit_id, []).append(official)
        context["officials"] = officials
    if "record_totals" in actions:
        context["paper_form"] = forms.PaperTotalsForm(vote=vote, candidates=context["candidates"])
    if vote.is_open:
        context["count"] = _count(vote)
    if vote.is_finished and context["can_see_results"]:
        context["result"] = queries.vote_result(vote)
    if "second_round" in actions:
        context["second_round_titles"] = _second_round_titles(vote)
        context["nominations"] = list(vote.nominations.select_related("unit").order_by("pk"))
    return context


def _second_round_titles(vote):
    """Titles whose rule draws candidates from this vote's winners, not yet voted on."""
    rules = TitleRule.objects.in_force(vote.year).filter(
        seats_kind=TitleRule.SeatsKind.SHARE_OF_WINNERS, seats_source_title=vote.title, chosen_by_vote=True
    )
    done = Vote.objects.filter(cluster=vote.cluster, year=vote.year, runoff_of__isnull=True).values("title_id")
    return list(Title.objects.filter(pk__in=rules.values("title_id")).exclude(pk__in=done))


@never_cache
@login_required
def vote_detail(request, pk):
    vote = load_vote(request, pk)
    if vote.is_council:  # the sector council's ballots are run from their session's page
        return redirect("awards:council_session", pk=vote.session_id)
    return render(request, "awards/vote_detail.html", detail_context(request, vote))


@require_POST
@login_required
def vote_delete(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    try:
        services.delete_vote(vote, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return back_to(vote)
    messages.success(request, _("The draft vote has been deleted."))
    return redirect("awards:index")


@require_POST
@login_required
def vote_open(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    try:
        services.open_vote(vote, request.POST.getlist("present"), request.user, request.POST.get("version"))
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The vote is open."))
    return back_to(vote)


def _count(vote):
    """How many have voted (never how), of those present and of those entitled."""
    roll = vote.voters.aggregate(entitled=Count("pk"), present=Count("pk", filter=Q(present=True)))
    voted = vote.paper_cast if vote.is_paper else Participation.objects.filter(vote=vote).count()
    return {**roll, "voted": voted}


@never_cache
@login_required
def vote_count(request, pk):
    """htmx: how many have voted — never how."""
    vote = load_vote(request, pk)
    return render(request, "awards/_count.html", {"vote": vote, "count": _count(vote)})


@never_cache
@login_required
def vote_close(request, pk):
    """Closing is final: the page asks first, showing how many have voted of those
    entitled, and the close is refused unless that question was answered."""
    vote = load_vote(request, pk, "awards.manage_vote")
    if request.method != "POST":
        context = {"vote": vote, "count": _count(vote), "actions": vote_actions(vote, request.user)}
        return render(request, "awards/vote_close.html", context)
    if not forms.CloseForm(request.POST).is_valid():
        messages.error(request, _("Closing was not confirmed: the vote stays open."))
        return redirect("awards:vote_close", pk=vote.pk)
    try:
        outcome = services.close_vote(vote, request.user, request.POST.get("version"))
    except ValidationError as error:
        show_errors(request, error)
        return back_to(vote)
    if outcome.needs_runoff:
        messages.warning(request, _("Candidates are tied at the last seat: a runoff among them has been prepared."))
    else:
        messages.success(request, _("The vote is closed and counted."))
    return back_to(vote)


@require_POST
@login_required
def vote_publish(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    try:
        services.publish_vote(vote, request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The result is published to the members."))
    return back_to(vote.root)


@require_POST
@login_required
def vote_second_round(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    title = get_object_or_404(Title, pk=request.POST.get("title"))
    try:
        second = services.create_second_round(vote, title, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return back_to(vote)
    messages.success(request, _("The second round has been created among the units proposed."))
    return back_to(second)


@require_POST
@login_required
def vote_nominate(request, pk):
    vote = load_vote(request, pk, "awards.manage_vote")
    try:
        created = services.nominate_from_vote(vote, request.user)
    except ValidationError as error:
        show_errors(request, error)
        return back_to(vote)
    if len(created) == 1:
        messages.success(request, DRAFTED)
        return redirect("awards:nomination_detail", pk=created[0].pk)
    messages.success(request, _("%(count)s nominations drafted.") % {"count": len(created)})
    return back_to(vote)
