"""A statistics form (biểu 0601–0603, reports/statistics.py) as a report job's document,
built by the Celery pipeline like the year-end reports: one section, the form's table with
each figure linked to the page of the records it counts, and the form as a sheet in its own
layout for the .xlsx beside the PDF.

The worker has no request to ask for the site's address, so the links in the PDF start with
``settings.SITE_URL`` (as the e-mails the tasks send do)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from emulation.models import Unit

from . import statistics
from .base import Report
from .documents import Header, governing_line
from .models import ReportKind
from .sections import SectionResult


class StatisticsFormReport(Report):
    """Biểu thống kê 0601–0603 of a year, for the sector or one reporting unit."""

    kind = ReportKind.STATISTICS
    template = "reports/pdf/statistics.html"

    def section_keys(self):
        return ["form"]

    def build_section(self, key):
        form = statistics.FORMS[self.params.form](self.params.year, self.params.unit)
        context = {"form": form, "base_url": settings.SITE_URL.rstrip("/")}
        html = render_to_string("reports/pdf/sections/statistics.html", context)
        title, headers, rows = statistics.sheet(form)
        return SectionResult(html, [[title, headers, rows]])

    def slug(self):
        unit = f"-{self.params.unit.slug}" if self.params.unit else ""
        return f"bieu-{self.params.form}-{self.params.year}{unit}"

    def header(self):
        unit = self.params.unit
        if unit is None:
            ministry = Unit.objects.filter(type=Unit.Type.MINISTRY).first()
            parent, body, place = "", (ministry.name if ministry else _("Ministry of Justice")), _("Hanoi")
        else:
            parent, body, place = governing_line(unit, self.when), unit.name, unit.province or _("Hanoi")
        return Header(
            parent_body=parent,
            issuing_body=body.upper(),
            symbol="",
            place=place,
            when=self.when,
            kind_title=_("STATISTICS FORM %(code)s") % {"code": self.params.form},
            subject=_("%(title)s in %(year)s")
            % {"title": statistics.TITLES[self.params.form], "year": self.params.year},
        )
