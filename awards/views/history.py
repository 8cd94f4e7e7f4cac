"""The award history and its import from earlier years' spreadsheets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from emulation.spreadsheets import xlsx_response
from emulation.text import vi_collate

from .. import forms, services, sheets
from ..models import AwardRecord


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
    context = {"page": page, "query": query, "form": form, "can_import": can_import, "columns": sheets.IMPORT_COLUMNS}
    return render(request, "awards/history.html", context)


@login_required
def history_template(request):
    """An empty import workbook with the expected headings and one example row."""
    example = [2021, "Cờ thi đua ngành Tư pháp", "Cục Thi hành án dân sự tỉnh Lào Cai", "", "123/QĐ-BTP", "15/01/2022"]
    return xlsx_response("lich-su-khen-thuong.xlsx", [(_("Award history"), sheets.IMPORT_COLUMNS, [example])])
