"""The calendar's pages: short views that load with a permission check, validate with a
form, call a service and redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.models import Cluster

from . import agenda, ical, obligations, registry
from .forms import ClusterDatesForm, PreferencesForm, RemindForm, step_formset
from .models import SOURCED_KINDS, ClusterDate, EmailPreference, FeedKey, Notification, Step, StepKind
from .services import calendar, notifications, reminders


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _error(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
def index(request):
    today = timezone.localdate()
    context = agenda.for_page(request.user, today)
    context.update(today=today, year=today.year)
    return render(request, "schedule/index.html", context)


@login_required
def this_year(request):
    _require(request.user, "schedule.edit_calendar")
    return redirect("schedule:year", year=timezone.localdate().year)


@login_required
def year_calendar(request, year):
    _require(request.user, "schedule.edit_calendar")
    formset = step_formset(year, request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        try:
            saved = calendar.save_calendar(year, formset, request.user)
        except ValidationError as error:
            _error(request, error)
        else:
            message = _("The calendar of %(year)s is saved (%(count)s steps changed).")
            messages.success(request, message % {"year": year, "count": saved})
            return redirect("schedule:year", year=year)
    has_previous = Step.objects.filter(year=year - 1).exists()
    sourced = list(
        Step.objects.filter(year=year, kind__in=SOURCED_KINDS).select_related("cluster").order_by("due_date")
    )
    urls = registry.source_urls(sourced)
    for step in sourced:
        step.source_url = urls.get(step.pk)
    context = {"formset": formset, "year": year, "has_previous": has_previous, "sourced": sourced}
    context["gaps"] = obligations.gaps(Step.objects.filter(year=year))
    return render(request, "schedule/year.html", context)


@login_required
@require_POST
def copy_year(request, year):
    _require(request.user, "schedule.edit_calendar")
    try:
        added = calendar.copy_calendar(year, request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("%(count)s steps copied from %(previous)s, one year later.") % {"count": added, "previous": year - 1},
        )
    return redirect("schedule:year", year=year)


@login_required
def cluster_dates(request, year, slug):
    cluster = get_object_or_404(Cluster, slug=slug)
    _require(request.user, "schedule.edit_cluster_dates", (cluster.pk, year))
    steps = Step.objects.filter(year=year, subject="").order_by("due_date", "kind")
    own = dict(ClusterDate.objects.filter(cluster=cluster, step__year=year).values_list("step_id", "due_date"))
    form = ClusterDatesForm(steps, own, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            calendar.set_cluster_dates(cluster, year, form.dates(), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cluster's dates are saved."))
            return redirect("schedule:cluster_dates", year=year, slug=slug)
    return render(request, "schedule/cluster_dates.html", {"form": form, "cluster": cluster, "year": year})


@login_required
def notification_list(request):
    unread_only = request.GET.get("show") == "unread"
    found = request.user.notifications.all()
    if unread_only:
        found = found.unread()
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "schedule/notifications.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def open_notification(request, pk):
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications.mark_read(note, request.user)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("schedule:notifications")


@login_required
@require_POST
def read_all(request):
    notifications.mark_all_read(request.user)
    return redirect("schedule:notifications")


@login_required
def preferences(request):
    current = dict(EmailPreference.objects.filter(user=request.user).values_list("kind", "email"))
    form = PreferencesForm(current, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        notifications.set_email_preferences(request.user, form.cleaned_data)
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("schedule:preferences")
    return render(request, "schedule/preferences.html", {"form": form, "email": request.user.email})


@login_required
def feed_link(request):
    """The page of the private feed link; a new link is shown once and revokes the old one."""
    link = None
    if request.method == "POST":
        key = notifications.new_feed_key(request.user)
        link = request.build_absolute_uri(reverse("schedule:feed", args=[key]))
    has_key = link is not None or FeedKey.objects.filter(user=request.user).exists()
    return render(request, "schedule/feed_link.html", {"link": link, "has_key": has_key})


def feed(request, key):
    """The iCalendar feed, opened by its private key alone (calendar applications have no login)."""
    user = notifications.feed_owner(key)
    if user is None:
        raise Http404
    response = HttpResponse(ical.build(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="thi-dua.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


OVERDUE_PAGE_SIZE = 100


@login_required
def overdue(request):
    _require(request.user, "schedule.view_overdue")
    today = timezone.localdate()
    rows = agenda.overdue(request.user, today)
    kinds = sorted({o.step.kind for o in rows}, key=list(StepKind).index)
    kind = request.GET.get("step", "")
    if kind in kinds:
        rows = [o for o in rows if o.step.kind == kind]
    page = Paginator(rows, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": page.object_list,
        "today": today,
        "kind": kind,
        "kinds": [(value, StepKind(value).label) for value in kinds],
        "gaps": _overdue_gaps(request.user, today),
    }
    return render(request, "schedule/overdue.html", context)


def _overdue_gaps(user, today):
    """For ministry staff: the years whose past steps the overdue view cannot check."""
    if not user.has_perm("emulation.setup_year"):
        return []
    return obligations.gaps(Step.objects.filter(year__in=agenda.overdue_years(today), due_date__lt=today))


@login_required
@require_POST
def record_done(request):
    """Record a step as done by a unit (for steps no other app tracks), on today's date."""
    _require(request.user, "schedule.view_overdue")
    form = RemindForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step and a unit."))
        return redirect("schedule:overdue")
    step, unit = form.cleaned_data["step"], form.cleaned_data["unit"]
    try:
        calendar.record_completion(step, unit, timezone.localdate(), request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        message = _("%(unit)s: %(step)s recorded as done.")
        messages.success(request, message % {"unit": unit, "step": step.name})
    return redirect("schedule:overdue")


@login_required
@require_POST
def remind(request):
    _require(request.user, "schedule.view_overdue")
    form = RemindForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step and a unit to remind."))
        return redirect("schedule:overdue")
    step, unit = form.cleaned_data["step"], form.cleaned_data["unit"]
    try:
        count = reminders.remind_now(step, unit, request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(unit)s reminded (%(count)s people).") % {"unit": unit, "count": count})
    return redirect("schedule:overdue")
