"""Small helpers the campaigns' pages share."""

from django.core.paginator import Paginator

from ..models import Pledge

PAGE_SIZE = 25


def page_of(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def status_filter(request):
    status = request.GET.get("status", "")
    return status if status in Pledge.Status.values else ""


def error_text(error):
    return " ".join(error.messages)


def apply_errors(form, error):
    """Put a service's ValidationError next to the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def formset_rows(formset, fields):
    """The kept rows of a valid formset as dicts of ``fields`` (with "id" for saved rows)."""
    rows = []
    for form in formset.forms:
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        row = {name: form.cleaned_data.get(name) for name in fields}
        if form.instance.pk:
            row["id"] = form.instance.pk
        rows.append(row)
    return rows
