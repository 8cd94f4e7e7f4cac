"""The certificates' pages: a unit's layouts and the decisions it may print, the layout editor
(the scan of the blank behind the fields, numeric mm inputs and dragging, a preview), and a
decision's certificates (per-recipient corrections, the PDF). A unit's own officials and
ministry staff, by ``reports.edit_certificate_layout``; a unit official prints only the
decisions awarding someone of their unit, and only their unit's recipients."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from awards import queries as awards_q
from emulation.files import stored_type
from emulation.models import Unit
from emulation.permissions import is_ministry_staff, unit_id_of

from . import certificate_forms as forms
from . import certificate_papers, certificate_services
from .certificate_papers import FONTS, ascent
from .certificates import CertificateCorrection, CertificateLayout
from .dossier_views import paper_response


def _show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _layout(request, pk):
    layout = get_object_or_404(CertificateLayout.objects.select_related("unit"), pk=pk)
    if not request.user.has_perm("reports.edit_certificate_layout", layout):
        raise PermissionDenied
    return layout


def _usable_layouts(user):
    layouts = CertificateLayout.objects.select_related("unit").prefetch_related("titles")
    return layouts if is_ministry_staff(user) else layouts.filter(unit_id=unit_id_of(user))


def _own_unit(user):
    unit_id = unit_id_of(user)
    return Unit.objects.filter(pk=unit_id).first() if unit_id else None


@never_cache
@login_required
def index(request):
    unit = _own_unit(request.user)
    staff = is_ministry_staff(request.user)
    decisions = awards_q.decisions_to_print(None if staff else getattr(unit, "pk", 0))
    context = {
        "layouts": list(_usable_layouts(request.user)),
        "decisions": list(decisions[:50]),
        "unit": unit,
        "new_form": forms.NewLayoutForm()
        if unit and request.user.has_perm("reports.add_certificate_layout", unit)
        else None,
    }
    return render(request, "reports/certificates/index.html", context)


@require_POST
@login_required
def layout_new(request):
    unit = _own_unit(request.user)
    if unit is None or not request.user.has_perm("reports.add_certificate_layout", unit):
        raise PermissionDenied
    form = forms.NewLayoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the layout a name, a kind and the page's size in mm."))
        return redirect("reports:certificates")
    try:
        layout = certificate_services.create_layout(unit, request.user, **form.cleaned_data)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect("reports:certificates")
    return redirect("reports:certificate_layout", layout_pk=layout.pk)


def _editor(request, layout, page_form, field_forms, status=200):
    samples = certificate_papers.sample_texts()
    for form in field_forms:
        form.sample = samples[form.field_name]
    context = {
        "layout": layout,
        "page_form": page_form,
        "field_forms": field_forms,
        "ascents": {font: float(ascent(font)) for font in FONTS},
        "families": {font: list(FONTS[font][:3]) for font in FONTS},
    }
    return render(request, "reports/certificates/layout.html", context, status=status)


@never_cache
@login_required
def layout_edit(request, layout_pk):
    layout = _layout(request, layout_pk)
    if request.method != "POST":
        initial = {name: getattr(layout, name) for name in certificate_services.LAYOUT_ATTRIBUTES}
        initial["titles"] = list(layout.titles.all())
        return _editor(
            request, layout, forms.LayoutPageForm(initial=initial), forms.field_forms(rows=layout.fields.all())
        )
    page_form = forms.LayoutPageForm(request.POST, request.FILES)
    field_forms = forms.field_forms(request.POST)
    if not (page_form.is_valid() and all(form.is_valid() for form in field_forms)):
        messages.error(request, _("Correct the values shown in red."))
        return _editor(request, layout, page_form, field_forms, status=400)
    data = page_form.cleaned_data
    try:
        layout = certificate_services.update_layout(
            layout,
            request.user,
            values=data,
            fields={form.field_name: form.cleaned_data for form in field_forms},
            scan=data["scan"],
            clear_scan=data["clear_scan"],
        )
        if "make_default" in request.POST:
            certificate_services.make_default(layout, request.user)
    except ValidationError as error:
        _show_errors(request, error)
        return _editor(request, layout, page_form, field_forms, status=400)
    messages.success(request, _("The layout has been saved."))
    return redirect("reports:certificate_layout", layout_pk=layout.pk)


@login_required
def layout_scan(request, layout_pk):
    """The scan of the blank, inline, for the editor's background."""
    layout = _layout(request, layout_pk)
    if not layout.scan:
        raise Http404
    try:
        handle = layout.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=stored_type(handle) or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def layout_preview(request, layout_pk):
    layout = _layout(request, layout_pk)
    return paper_response(certificate_papers.preview(layout))


def _decision(request, decision_pk):
    """The decision, if the user may print its certificates: ministry staff any, an official
    one awarding someone of their unit."""
    decision = awards_q.decision_paper(decision_pk)
    if decision is None:
        raise Http404
    if not is_ministry_staff(request.user):
        unit_id = unit_id_of(request.user)
        if unit_id is None or not awards_q.decisions_to_print(unit_id).filter(pk=decision.pk).exists():
            raise PermissionDenied
    return decision


def printable_lines(decision, layout):
    """The recipients printed on ``layout``: its unit's; everyone for the emulation office's."""
    lines = list(decision.lines.all())
    if layout.unit.is_emulation_office:
        return lines
    return [line for line in lines if line.unit_id == layout.unit_id]


def _chosen_layout(request, layouts):
    chosen = request.GET.get("layout", "")
    for layout in layouts:
        if str(layout.pk) == chosen:
            return layout
    unit_id = unit_id_of(request.user)
    own = [layout for layout in layouts if layout.unit_id == unit_id]
    return next((layout for layout in own if layout.is_default), None) or (own or layouts or [None])[0]


def _blanks(decision, layout):
    """Each line printed with ``layout`` and the blank it prints on: the layout of the same unit
    that names the line's title, else ``layout`` (the unit's layouts with their titles and
    fields: three queries, whatever the number of recipients)."""
    lines = printable_lines(decision, layout)
    unit_layouts = list(
        CertificateLayout.objects.filter(unit_id=layout.unit_id)
        .select_related("unit")
        .prefetch_related("titles", "fields")
        .order_by("-is_default", "pk")
    )
    chosen = next((other for other in unit_layouts if other.pk == layout.pk), layout)
    return certificate_papers.blanks_for(lines, chosen, unit_layouts)


@never_cache
@login_required
def decision_certificates(request, decision_pk):
    decision = _decision(request, decision_pk)
    layouts = list(_usable_layouts(request.user))
    layout = _chosen_layout(request, layouts)
    blanks = _blanks(decision, layout) if layout else []
    corrections = {}
    if layout:
        found = CertificateCorrection.objects.filter(
            layout__in={blank.pk for _line, blank in blanks}, line__in=[line.pk for line, _blank in blanks]
        )
        for row in found:
            corrections.setdefault((row.layout_id, row.line_id), []).append(row)
    rows = [
        (
            line,
            blank,
            forms.CorrectionForm(corrections=corrections.get((blank.pk, line.pk), ()), prefix=f"l{line.pk}"),
        )
        for line, blank in blanks
    ]
    context = {
        "decision": decision,
        "issued": awards_q.is_issued(decision),
        "layouts": layouts,
        "layout": layout,
        "rows": rows,
    }
    return render(request, "reports/certificates/decision.html", context)


@require_POST
@login_required
def correct_recipient(request, decision_pk, layout_pk, line_pk):
    decision = _decision(request, decision_pk)
    layout = _layout(request, layout_pk)
    line = next((line for line in printable_lines(decision, layout) if line.pk == line_pk), None)
    if line is None:
        raise Http404
    form = forms.CorrectionForm(request.POST, prefix=f"l{line.pk}")
    back = redirect(f"{reverse('reports:decision_certificates', args=[decision.pk])}?layout={layout.pk}")
    if not form.is_valid():
        messages.error(request, _("Correct the values shown in red."))
        return back
    try:
        certificate_services.correct_recipient(layout, line, request.user, form.corrections())
    except ValidationError as error:
        _show_errors(request, error)
        return back
    messages.success(request, _("The corrections for %(name)s have been saved.") % {"name": line.name})
    return back


@login_required
def certificates_pdf(request, decision_pk, layout_pk):
    decision = _decision(request, decision_pk)
    layout = _layout(request, layout_pk)
    blanks = _blanks(decision, layout)
    if not awards_q.is_issued(decision) or not blanks:
        raise Http404(_("This decision has no certificate to print on this layout."))
    return paper_response(certificate_papers.certificates(decision, blanks))
