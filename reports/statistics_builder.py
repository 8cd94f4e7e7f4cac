"""A statistics form (biểu 0601–0603, reports/statistics.py) as a report job's document,
built by the Celery pipeline like the year-end reports: one section, the form's table with
each figure linked to the page of the records it counts, and the form as a sheet in its own
layout for the .xlsx beside the PDF.

The worker has no request to ask for the site's address, so the links in the PDF start with
``settings.SITE_URL`` (as the e-mails the tasks send do).

The heading is the statistics form's own, not a dispatch's (Nghị định 30/2020/NĐ-CP): the form's
code ("Biểu số: 0602.N/BNV-TĐKT"), the circular that issues it and the day it is due on the
left, the reporting and the receiving unit on the right; no number ("Số: …") and no national
motto, which a form does not carry. The place and date stand above the signature at the foot.
Known only through the PHP peer's TT 02/2023 views (lifephongphanmem/thiduakhenthuong_php8,
resources/views/BaoCao/TT022023/Mau0601–0603), the stored corpora holding no text of the
circular (docs/reviews: domain audit): [verify] against the circular."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from emulation.models import Unit

from . import data, statistics
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
            # a form has no number of its own: no "Số:" line (see the module's docstring)
            parent_body=parent,
            issuing_body=body.upper(),
            symbol="",
            place=place,
            when=self.when,
            kind_title=_("STATISTICS FORM %(code)s") % {"code": self.params.form},
            subject=_("%(title)s in %(year)s")
            % {"title": statistics.TITLES[self.params.form], "year": self.params.year},
        )

    def document_context(self):
        """The form's heading (its code, circular, due day, reporting and receiving unit) and
        its signer: the head of the reporting unit, or for the sector the head of the
        emulation office that compiles it (as the sector's summary is signed); on the left, as
        the forms of Thông tư 02/2023/TT-BNV have it, the person who prepared it (người lập biểu):
        the user who asked for the form."""
        unit = self.params.unit
        if unit is None:
            office = data.emulation_office()
            reporting = Unit.objects.filter(type=Unit.Type.MINISTRY).first()
            reporting_name = reporting.name if reporting else _("Ministry of Justice")
            receiving = _("Ministry of Home Affairs")
            signed_by = office
        else:
            reporting_name, signed_by = unit.name, unit
            ministry = Unit.objects.filter(type=Unit.Type.MINISTRY).first()
            receiving = ministry.name if ministry else _("Ministry of Justice")
        official = data.unit_heads([signed_by.pk]).get(signed_by.pk) if signed_by else None
        role = official.position if official and official.position else _("HEAD OF UNIT")
        return {
            "form_heading": {
                "code": f"{self.params.form}.N/BNV-TĐKT",
                "reporting": reporting_name,
                "receiving": receiving,
            },
            "signer": {"role": role, "unit": signed_by, "official": official},
            "preparer": self.params.prepared_by,
        }
