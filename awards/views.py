"""Pages of the awards app: votes (prepare, open, ballot, count, close, publish),
nominations, the award history, the rules and the handover. Short views: load with
the permission check, validate, call a service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from emulation.files import serve_private
from emulation.models import Cluster, Membership, Official, Title, Unit
from emulation.permissions import headed_cluster_ids, is_ministry_staff, unit_id_of
from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate
from emulation.views import requested_year, year_choices

from . import forms, queries, services
from .models import Attachment, AwardRecord, Candidate, Handover, Nomination, Participation, TitleRule, Vote, Voter
from .permissions import may
from .transitions import NOMINATION, handover_actions, vote_actions

PAGE_SIZE = 25


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _refused_by_state(error):
    return getattr(error, "code", None) == "state"


def _load_vote(request, pk, perm="awards.view_vote"):
    vote = get_object_or_404(Vote.objects.select_related("cluster", "title", "rule", "runoff_of", "source_vote"), pk=pk)
    if not may(request.user, perm, vote):
        raise PermissionDenied
    return vote


# --- index ------------------------------------------------------------------------------


def _visible_votes(user, year):
    votes = Vote.objects.filter(year=year)
    if is_ministry_staff(user):
        return votes
    unit_id = unit_id_of(user)
    member_of = Membership.objects.filter(unit_id=unit_id, year=year).values("cluster_id")
    return votes.filter(cluster_id__in=member_of)


@login_required
def index(request):
    year = requested_year(request)
    user = request.user
    votes = (
        _visible_votes(user, year)
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


# --- votes: creating and preparing -------------------------------------------------------


def _vote_titles(year):
    rules = TitleRule.objects.filter(chosen_by_vote=True, first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year)
    )
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


def _detail_context(request, vote):
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
        "can_see_results": may(user, "awards.view_results", vote),
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
    rules = TitleRule.objects.filter(
        seats_kind=TitleRule.SeatsKind.SHARE_OF_WINNERS,
        seats_source_title=vote.title,
        chosen_by_vote=True,
        first_year__lte=vote.year,
    ).filter(Q(last_year__isnull=True) | Q(last_year__gte=vote.year))
    done = Vote.objects.filter(cluster=vote.cluster, year=vote.year, runoff_of__isnull=True).values("title_id")
    return list(Title.objects.filter(pk__in=rules.values("title_id")).exclude(pk__in=done))


@never_cache
@login_required
def vote_detail(request, pk):
    vote = _load_vote(request, pk)
    return render(request, "awards/vote_detail.html", _detail_context(request, vote))


def _back(vote):
    return redirect("awards:vote_detail", pk=vote.pk)


@require_POST
@login_required
def vote_delete(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    try:
        services.delete_vote(vote, request.user)
    except ValidationError as error:
        _errors(request, error)
        return _back(vote)
    messages.success(request, _("The draft vote has been deleted."))
    return redirect("awards:index")


@require_POST
@login_required
def vote_settings(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    form = forms.VoteSettingsForm(request.POST, instance=Vote.objects.get(pk=vote.pk))
    if form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.VOTE_SETTINGS}
        try:
            services.update_vote(vote, request.user, form.cleaned_data.get("version"), **values)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return _back(vote)
    context = _detail_context(request, vote)
    context["settings_form"] = form
    return render(request, "awards/vote_detail.html", context, status=400)


@require_POST
@login_required
def candidate_add(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    units = Unit.objects.filter(memberships__cluster=vote.cluster, memberships__year=vote.year)
    form = forms.AddCandidateForm(request.POST, units=list(units))
    if form.is_valid():
        try:
            services.add_candidate(vote, form.cleaned_data["unit"], form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, _("Choose a unit and give the reason."))
    return _back(vote)


@require_POST
@login_required
def candidate_remove(request, pk, candidate_pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    candidate = get_object_or_404(Candidate, pk=candidate_pk, vote=vote)
    form = forms.ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.remove_candidate(candidate, form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, _("Give the reason for removing this unit."))
    return _back(vote)


@require_POST
@login_required
def voter_set(request, pk, voter_pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    voter = get_object_or_404(Voter, pk=voter_pk, vote=vote)
    official = None
    if request.POST.get("official"):
        official = get_object_or_404(Official, pk=request.POST["official"])
    try:
        services.set_voter(voter, official, request.user)
    except ValidationError as error:
        _errors(request, error)
    return _back(vote)


# --- votes: running -----------------------------------------------------------------------


@require_POST
@login_required
def vote_open(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    try:
        services.open_vote(vote, request.POST.getlist("present"), request.user, request.POST.get("version"))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The vote is open."))
    return _back(vote)


def _count(vote):
    present = vote.voters.filter(present=True).count()
    if vote.is_paper:
        return {"present": present, "voted": vote.paper_cast}
    return {"present": present, "voted": Participation.objects.filter(vote=vote).count()}


@never_cache
@login_required
def vote_count(request, pk):
    """htmx: how many have voted — never how."""
    vote = _load_vote(request, pk)
    return render(request, "awards/_count.html", {"vote": vote, "count": _count(vote)})


@require_POST
@login_required
def paper_totals(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    candidates = list(vote.candidates.filter(withdrawn=False).select_related("unit").order_by(vi_collate("unit__name")))
    form = forms.PaperTotalsForm(request.POST, vote=vote, candidates=candidates)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_paper_totals(
                vote,
                request.user,
                cast=data["cast"],
                blank=data["blank"],
                invalid=data["invalid"],
                votes=form.votes(),
                expected_version=data.get("version"),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The counted totals have been saved."))
    else:
        messages.error(request, _("Enter every count as a whole number."))
    return _back(vote)


@require_POST
@login_required
def vote_close(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    try:
        outcome = services.close_vote(vote, request.user, request.POST.get("version"))
    except ValidationError as error:
        _errors(request, error)
        return _back(vote)
    if outcome.needs_runoff:
        messages.warning(request, _("Candidates are tied at the last seat: a runoff among them has been prepared."))
    else:
        messages.success(request, _("The vote is closed and counted."))
    return _back(vote)


@require_POST
@login_required
def vote_publish(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    try:
        services.publish_vote(vote, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The result is published to the members."))
    return _back(vote.root)


@require_POST
@login_required
def vote_second_round(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    title = get_object_or_404(Title, pk=request.POST.get("title"))
    try:
        second = services.create_second_round(vote, title, request.user)
    except ValidationError as error:
        _errors(request, error)
        return _back(vote)
    messages.success(request, _("The second round has been created among the units proposed."))
    return _back(second)


@require_POST
@login_required
def vote_nominate(request, pk):
    vote = _load_vote(request, pk, "awards.manage_vote")
    try:
        created = services.nominate_from_vote(vote, request.user)
    except ValidationError as error:
        _errors(request, error)
        return _back(vote)
    if len(created) == 1:
        return redirect("awards:nomination_detail", pk=created[0].pk)
    messages.success(request, _("%(count)s nominations drafted.") % {"count": len(created)})
    return _back(vote)


# --- the voter's own page -------------------------------------------------------------------


def _approved(data):
    """Approval ballots tick ``approve``; yes/no ballots answer ``yn-<candidate>``."""
    approved = data.getlist("approve")
    approved += [key[3:] for key, value in data.items() if key.startswith("yn-") and value == "yes"]
    return approved


@never_cache
@login_required
def ballot(request, pk):
    """The voter's ballot. The receipt is rendered in the response to the POST and
    nowhere else: not in the session, not in a message, not in the URL."""
    vote = _load_vote(request, pk)
    voter = vote.voters.filter(official__user=request.user).select_related("unit").first()
    if voter is None:
        raise PermissionDenied
    candidates = list(vote.candidates.filter(withdrawn=False).select_related("unit").order_by(vi_collate("unit__name")))
    error = None
    if request.method == "POST":
        try:
            code = services.cast_ballot(vote, request.user, _approved(request.POST))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return render(request, "awards/receipt.html", {"vote": vote, "code": code})
    voted = Participation.objects.filter(vote=vote, voter=voter).exists()
    context = {"vote": vote, "voter": voter, "candidates": candidates, "voted": voted, "error": error}
    return render(request, "awards/ballot.html", context, status=400 if error else 200)


@never_cache
@login_required
def receipt_check(request, pk):
    vote = _load_vote(request, pk)
    form = forms.ReceiptForm(request.POST or None)
    counted = None
    if request.method == "POST" and form.is_valid():
        counted = services.ballot_counted(vote, form.cleaned_data["code"])
    return render(request, "awards/receipt_check.html", {"vote": vote, "form": form, "counted": counted})


# --- nominations ------------------------------------------------------------------------------


def _visible_nominations(user):
    nominations = Nomination.objects.all()
    if is_ministry_staff(user):
        return nominations
    unit_id = unit_id_of(user)
    headed = Membership.objects.filter(unit_id=unit_id, role=Membership.Role.HEAD).values_list("cluster_id", "year")
    condition = Q(unit_id=unit_id)
    for cluster_id, year in headed:
        condition |= Q(cluster_id=cluster_id, year=year)
    return nominations.filter(condition)


@login_required
def nomination_list(request):
    nominations = _visible_nominations(request.user).select_related("title", "unit", "cluster")
    state = request.GET.get("state", "")
    if state in Nomination.State.values:
        nominations = nominations.filter(state=state)
    page = Paginator(nominations.order_by("-year", "title__order", vi_collate("unit__name")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "state": state,
        "states": Nomination.State.choices,
        "is_ministry": is_ministry_staff(request.user),
    }
    return render(request, "awards/nomination_list.html", context)


def _direct_titles(year):
    by_vote = TitleRule.objects.filter(chosen_by_vote=True, first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year)
    )
    return Title.objects.exclude(pk__in=by_vote.values("title_id")).order_by("order", "name")


@never_cache
@login_required
def nomination_create(request):
    user = request.user
    if is_ministry_staff(user):
        units = list(Unit.objects.filter(active=True))
    elif unit_id_of(user):
        units = list(Unit.objects.filter(pk=unit_id_of(user)))
    else:
        raise PermissionDenied
    year = requested_year(request)
    form = forms.NominationCreateForm(
        request.POST or None, titles=_direct_titles(year), units=units, initial={"year": year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.create_nomination(
                data["title"],
                data["year"],
                data["unit"],
                user,
                person_name=data["person_name"],
                achievement_summary=data["achievement_summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("awards:nomination_detail", pk=nomination.pk)
    return render(request, "awards/nomination_create.html", {"form": form})


def _load_nomination(request, pk, perm="awards.view_nomination"):
    nomination = get_object_or_404(
        Nomination.objects.select_related("title", "unit", "cluster", "vote", "created_by"), pk=pk
    )
    if not may(request.user, perm, nomination):
        raise PermissionDenied
    return nomination


@never_cache
@login_required
def nomination_detail(request, pk):
    nomination = _load_nomination(request, pk)
    form = forms.NominationForm(instance=nomination)
    if request.method == "POST":
        form = forms.NominationForm(request.POST, instance=Nomination.objects.get(pk=nomination.pk))
        if form.is_valid():
            try:
                services.update_nomination(
                    nomination,
                    request.user,
                    achievement_summary=form.cleaned_data["achievement_summary"],
                    person_name=form.cleaned_data["person_name"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                if _refused_by_state(error):
                    _errors(request, error)
                    return redirect("awards:nomination_detail", pk=nomination.pk)
                form.add_error(None, error)
            else:
                messages.success(request, _("The nomination has been saved."))
                return redirect("awards:nomination_detail", pk=nomination.pk)
    unmet = []
    rule = TitleRule.for_title(nomination.title, nomination.year)
    if rule is not None:
        found = queries.unmet_prerequisites(rule, [nomination.unit_id], nomination.year, nomination.person_name).get(
            nomination.unit_id
        )
        unmet = services.prerequisite_messages(found) if found else []
    context = {
        "nomination": nomination,
        "form": form,
        "actions": NOMINATION.available(nomination, request.user),
        "attachments": list(nomination.attachments.select_related("uploaded_by")),
        "attachment_form": forms.AttachmentForm(),
        "decision_form": forms.DecisionForm(initial={"version": nomination.version}),
        "unmet": unmet,
        "rule": rule,
    }
    return render(request, "awards/nomination_detail.html", context)


@require_POST
@login_required
def attachment_add(request, pk):
    nomination = _load_nomination(request, pk, "awards.edit_nomination")
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                nomination,
                request.user,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The document has been attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("awards:nomination_detail", pk=nomination.pk)


@require_POST
@login_required
def attachment_remove(request, pk, attachment_pk):
    nomination = _load_nomination(request, pk, "awards.edit_nomination")
    attachment = get_object_or_404(Attachment, pk=attachment_pk, nomination=nomination)
    try:
        services.remove_attachment(attachment, request.user)
    except ValidationError as error:
        _errors(request, error)
    return redirect("awards:nomination_detail", pk=nomination.pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    nomination = _load_nomination(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, nomination=nomination)
    return serve_private(attachment.file, attachment.original_name or None)


@require_POST
@login_required
def nomination_submit(request, pk):
    nomination = _load_nomination(request, pk, "awards.edit_nomination")
    try:
        services.submit_nomination(nomination, request.user, request.POST.get("version"))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The nomination has been submitted to the Ministry."))
    return redirect("awards:nomination_detail", pk=nomination.pk)


@require_POST
@login_required
def nomination_decide(request, pk):
    nomination = _load_nomination(request, pk, "awards.decide_nomination")
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the decision's number and date."))
        return redirect("awards:nomination_detail", pk=nomination.pk)
    decide = services.approve_nomination if "approve" in request.POST else services.reject_nomination
    data = form.cleaned_data
    try:
        decide(
            nomination,
            request.user,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            note=data["note"],
            expected_version=data.get("version"),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The decision has been recorded."))
    return redirect("awards:nomination_detail", pk=nomination.pk)


# --- award history ----------------------------------------------------------------------------


@never_cache
@login_required
def history(request):
    records = AwardRecord.objects.select_related("title", "unit").order_by(
        "-year", "title__order", vi_collate("unit__name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        records = records.filter(Q(unit__name__icontains=query) | Q(person_name__icontains=query))
    can_import = request.user.has_perm("awards.import_history")
    form = forms.ImportForm()
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        form = forms.ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                created, skipped = services.import_award_history(form.cleaned_data["file"], request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request,
                    _("%(created)s awards imported, %(skipped)s already recorded.")
                    % {"created": created, "skipped": skipped},
                )
                return redirect("awards:history")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "form": form, "can_import": can_import, "columns": services.IMPORT_COLUMNS}
    return render(request, "awards/history.html", context)


@login_required
def history_template(request):
    """An empty import workbook with the expected headings and one example row."""
    example = [2021, "Cờ thi đua ngành Tư pháp", "Cục Thi hành án dân sự tỉnh Lào Cai", "", "123/QĐ-BTP", "15/01/2022"]
    return xlsx_response("lich-su-khen-thuong.xlsx", [(_("Award history"), services.IMPORT_COLUMNS, [example])])


# --- rules ------------------------------------------------------------------------------------


@login_required
def rules(request):
    rows = TitleRule.objects.select_related("title", "seats_source_title").prefetch_related(
        "prerequisites__required_title"
    )
    page = Paginator(rows.order_by("title__order", "-first_year"), 50).get_page(request.GET.get("page"))
    return render(request, "awards/rules.html", {"page": page, "can_edit": request.user.has_perm("awards.edit_rules")})


@never_cache
@login_required
def rule_edit(request, pk=None):
    if not request.user.has_perm("awards.edit_rules"):
        raise PermissionDenied
    rule = get_object_or_404(TitleRule, pk=pk) if pk else TitleRule()
    form = forms.RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rule(form.instance, request.user, form.cleaned_data.get("version"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rule has been saved."))
            return redirect("awards:rules")
    return render(request, "awards/rule_edit.html", {"form": form, "rule": rule})


# --- handover ----------------------------------------------------------------------------------


def _load_handover(request, slug, year, perm="awards.view_handover"):
    """The cluster's handover of that year, or an unsaved one when nothing is recorded yet."""
    cluster = get_object_or_404(Cluster, slug=slug)
    handover = (
        Handover.objects.filter(cluster=cluster, year=year)
        .select_related("cluster", "next_head", "next_deputy_1", "next_deputy_2", "recorded_by", "confirmed_by")
        .first()
    ) or Handover(cluster=cluster, year=year)
    if not may(request.user, perm, handover):
        raise PermissionDenied
    return handover


def _handover_form(handover, data=None):
    members = list(
        Unit.objects.filter(memberships__cluster=handover.cluster, memberships__year=handover.year).order_by(
            vi_collate("name")
        )
    )
    initial = {}
    if handover.pk:
        initial = {
            "head": handover.next_head_id,
            "deputy_1": handover.next_deputy_1_id,
            "deputy_2": handover.next_deputy_2_id,
            "conference_date": handover.conference_date,
            "conference_place": handover.conference_place,
        }
    form = forms.HandoverForm(data, members=members, initial=initial)
    form.helper.form_action = reverse("awards:handover_record", args=[handover.cluster.slug, handover.year])
    return form


def _handover_page(request, handover, form, status=200):
    context = {
        "cluster": handover.cluster,
        "year": handover.year,
        "next_year": handover.next_year,
        "handover": handover if handover.pk else None,
        "form": form,
        "actions": handover_actions(handover, request.user),
    }
    return render(request, "awards/handover.html", context, status=status)


@never_cache
@require_safe
@login_required
def handover(request, slug, year):
    current = _load_handover(request, slug, year)
    return _handover_page(request, current, _handover_form(current))


@require_POST
@login_required
def handover_record(request, slug, year):
    current = _load_handover(request, slug, year, "awards.record_handover")
    form = _handover_form(current, request.POST)
    if form.is_valid():
        try:
            services.record_handover(
                current.cluster,
                year,
                request.user,
                head=form.unit("head"),
                deputies=[form.unit("deputy_1"), form.unit("deputy_2")],
                conference_date=form.cleaned_data["conference_date"],
                conference_place=form.cleaned_data["conference_place"],
            )
        except ValidationError as error:
            if _refused_by_state(error):
                _errors(request, error)
                return redirect("awards:handover", slug=slug, year=year)
            form.add_error(None, error)
        else:
            messages.success(request, _("The handover has been recorded; the Ministry will confirm it."))
            return redirect("awards:handover", slug=slug, year=year)
    return _handover_page(request, current, form, status=400)


@require_POST
@login_required
def handover_confirm(request, slug, year):
    current = _load_handover(request, slug, year, "awards.confirm_handover")
    if current.pk is None:
        raise Http404
    try:
        services.confirm_handover(current, request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Confirmed: the leadership for %(year)s is set.") % {"year": year + 1})
    return redirect("awards:handover", slug=slug, year=year)


@login_required
def handover_list(request):
    if not may(request.user, "awards.confirm_handover"):
        raise PermissionDenied
    handovers = Handover.objects.select_related("cluster", "next_head", "next_deputy_1", "next_deputy_2").order_by(
        "state", "-year", vi_collate("cluster__name")
    )
    page = Paginator(handovers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/handover_list.html", {"page": page})
