"""Public consultation (lấy ý kiến, công khai): the public page of open consultations with a
comment form (no login, throttled per client address, nothing stored beyond the comment), and
the emulation office's page of a dossier's consultation, its comments and their resolution."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from emulation.security import client_ip

from ..consultations import COMMENT_MAX_LENGTH, Comment, Consultation
from ..models import DossierLine
from ..services import consultations as services
from ..transitions import CONSULTATION, DOSSIER
from .common import show_errors
from .dossiers import load_dossier

SUMMARY_LENGTH = 300


class CommentForm(forms.Form):
    line = forms.TypedChoiceField(label=gettext_lazy("Recipient"), coerce=int)
    text = forms.CharField(
        label=gettext_lazy("Your comment"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )
    name = forms.CharField(label=gettext_lazy("Your name (optional)"), max_length=120, required=False)
    contact = forms.CharField(label=gettext_lazy("Phone or email (optional)"), max_length=120, required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(row["pk"], f"{row['name']} — {row['title']}") for row in lines]


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=gettext_lazy("Resolution"), choices=[c for c in Comment.Resolution.choices if c[0]]
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=COMMENT_MAX_LENGTH, required=False)


def _public_row(line, dossier):
    """Only what is published: name, position, unit, title proposed, a short summary."""
    if line.person_id:
        name, unit = line.person.full_name, dossier.unit.name
    else:
        name, unit = line.unit.name, line.unit.name
    return {
        "pk": line.pk,
        "name": name,
        "position": line.position,
        "unit": unit,
        "title": line.title.name,
        "summary": Truncator(line.achievement_summary).chars(SUMMARY_LENGTH),
    }


def open_consultations(day):
    lines = DossierLine.objects.select_related("person", "unit", "title").order_by("pk")
    return (
        Consultation.objects.filter(state=Consultation.State.OPEN, starts_on__lte=day, ends_on__gte=day)
        .select_related("dossier__unit")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("ends_on", "pk")
    )


def _published(day):
    return [
        {"consultation": c, "rows": [_public_row(line, c.dossier) for line in c.lines.all()]}
        for c in open_consultations(day)
    ]


def over_comment_limit(request):
    """A per-address budget of comments a minute (the page is public), like the verify page's."""
    key = f"awards:consultation:{client_ip(request)}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > getattr(settings, "CONSULTATION_COMMENTS_PER_MINUTE", 5)


@never_cache
def public_list(request):
    """Public: the recipients published for comment now, each with a comment form."""
    published = _published(timezone.localdate())
    for item in published:
        item["form"] = CommentForm(lines=item["rows"], prefix=f"c{item['consultation'].pk}")
    return render(request, "awards/consultations_public.html", {"published": published})


@never_cache
@require_POST
def public_comment(request, consultation_pk):
    if over_comment_limit(request):
        messages.error(request, _("Too many comments from your address; please wait a minute."))
        return render(request, "awards/consultations_public.html", {"published": []}, status=429)
    today = timezone.localdate()
    consultation = get_object_or_404(open_consultations(today), pk=consultation_pk)
    rows = [_public_row(line, consultation.dossier) for line in consultation.lines.all()]
    form = CommentForm(request.POST, lines=rows, prefix=f"c{consultation.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_comment(
                consultation, data["line"], text=data["text"], name=data["name"], contact=data["contact"], day=today
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your comment has been sent to the emulation office."))
            return redirect("awards:consultations_public")
    published = [{"consultation": consultation, "rows": rows, "form": form}]
    return render(request, "awards/consultations_public.html", {"published": published}, status=400)


@never_cache
@login_required
def office_page(request, pk):
    """The office's page of a dossier's consultations: open one, close it, resolve comments."""
    dossier = load_dossier(request, pk, "awards.manage_dossiers")
    comments = Comment.objects.select_related("line__person", "line__unit", "line__title", "resolved_by")
    consultations = list(
        dossier.consultations.select_related("opened_by").prefetch_related(Prefetch("comments", queryset=comments))
    )
    context = {
        "dossier": dossier,
        "actions": DOSSIER.available(dossier, request.user),
        "reasons": DOSSIER.reasons(dossier),
        "consultations": [(c, CONSULTATION.available(c, request.user)) for c in consultations],
        "resolve_form": ResolveForm(),
    }
    return render(request, "awards/consultation_office.html", context)


def _run(request, call, success):
    try:
        call()
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, success)


@require_POST
@login_required
def open_view(request, pk):
    dossier = load_dossier(request, pk, "awards.manage_dossiers")
    _run(
        request,
        lambda: services.open_consultation(dossier, request.user),
        _("The recipients are published for comment."),
    )
    return redirect("awards:dossier_consultation", pk=dossier.pk)


@require_POST
@login_required
def close_view(request, pk, consultation_pk):
    dossier = load_dossier(request, pk, "awards.manage_dossiers")
    consultation = get_object_or_404(dossier.consultations, pk=consultation_pk)
    _run(request, lambda: services.close_consultation(consultation, request.user), _("The consultation is closed."))
    return redirect("awards:dossier_consultation", pk=dossier.pk)


@require_POST
@login_required
def resolve_view(request, pk, consultation_pk, comment_pk):
    dossier = load_dossier(request, pk, "awards.manage_dossiers")
    comment = get_object_or_404(Comment, pk=comment_pk, consultation__dossier=dossier, consultation_id=consultation_pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.resolve_comment(comment, request.user, data["resolution"], data["note"]),
            _("The resolution is recorded."),
        )
    else:
        messages.error(request, _("Choose how the comment was resolved."))
    return redirect("awards:dossier_consultation", pk=dossier.pk)
