"""What every report shares: its parameters, the built result, the section-by-section
build, and the cluster reports' issuing body and signer (the year's head unit)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emulation.models import Cluster, Unit
from emulation.spreadsheets import build_workbook

from . import data
from .documents import governing_line, render_document, render_pdf, unit_symbol
from .word import html_to_docx


@dataclass
class Params:
    kind: str
    year: int
    cluster: Cluster | None = None
    vote_id: int | None = None
    number: str = ""
    when: date | None = None
    unit: Unit | None = None  # a statistics form's reporting unit (None: the sector)
    form: str = ""  # a statistics form's number
    phase: object = None  # a cluster's review at the end of this campaigns Phase (None: mid-year)
    phase_number: int | None = None  # the sector's review at the end of phase N
    prepared_by: str = ""  # who asked for it: a statistics form's người lập biểu

    @classmethod
    def of_job(cls, job):
        return cls(
            job.kind,
            job.year,
            job.cluster,
            job.vote_id,
            job.document_number,
            job.document_date,
            job.unit,
            job.form_code,
            job.phase,
            job.phase_number,
            job.requested_by.get_full_name() if job.requested_by_id else "",
        )


@dataclass
class Built:
    pdf: bytes
    xlsx: bytes
    pages: int
    filename: str
    fonts_loaded: list
    docx: bytes = b""  # the same HTML as an editable Word draft


class Report:
    kind = None
    parallel = False
    template = None

    def __init__(self, params):
        self.params = params

    # -- overridden per report --
    def section_keys(self):
        raise NotImplementedError

    def build_section(self, key):
        raise NotImplementedError

    def header(self):
        raise NotImplementedError

    def slug(self):
        raise NotImplementedError

    def document_context(self):
        return {}

    # -- shared --
    @property
    def when(self):
        return self.params.when or timezone.localdate()

    def filename(self):
        return f"{self.slug()}.pdf"

    def section_html(self, key):
        with translation.override(settings.LANGUAGE_CODE):
            return self.build_section(key)

    def assemble(self, results):
        """results: SectionResults in order → Built (WeasyPrint runs here, and the Word draft
        is written from the same HTML)."""
        with translation.override(settings.LANGUAGE_CODE):
            html = self.document_html(results)
            rendered = render_pdf(html)
        docx = html_to_docx(html)
        sheets = [sheet for result in results for sheet in result.sheets]
        xlsx = build_workbook(_unique_titles(sheets)) if sheets else b""
        return Built(rendered.pdf, xlsx, rendered.pages, self.filename(), rendered.fonts_loaded, docx)

    def document_html(self, results):
        with translation.override(settings.LANGUAGE_CODE):
            context = {"sections": [result.html for result in results], "year": self.params.year}
            context.update(self.document_context())
            return render_document(self.template, self.header(), context)

    def build(self, progress=None):
        """All sections in turn, then the document (the command line and small reports)."""
        keys = self.section_keys()
        results = []
        for index, key in enumerate(keys, start=1):
            results.append(self.section_html(key))
            if progress:
                progress(int(80 * index / len(keys)), key)
        return self.assemble(results)


def _unique_titles(sheets):
    seen = {}
    unique = []
    for title, headers, rows in sheets:
        title = str(title)[:28]
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:
            title = f"{title} {seen[title]}"
        unique.append((title, headers, rows))
    return unique


def cluster_symbol(cluster, kind, head):
    """ "BC-STP": a cluster's document is issued by its head unit, so it carries the head unit's
    abbreviation (Nghị định 30/2020/NĐ-CP, Điều 8), unless the cluster has its own."""
    if cluster.document_symbol:
        return f"{kind}-{cluster.document_symbol}"
    return unit_symbol(kind, head)


class ClusterReport(Report):
    """Shared by the reports a cluster issues (its head signs them)."""

    def __init__(self, params):
        super().__init__(params)
        self._members = None

    @property
    def members(self):
        if self._members is None:
            self._members = data.cluster_members(self.params.cluster, self.params.year)
        return self._members

    @property
    def head_unit(self):
        return data.leadership(self.members)["head"]

    def symbol(self, kind):
        return cluster_symbol(self.params.cluster, kind, self.head_unit)

    def place(self):
        head = self.head_unit
        return head.province if head and head.province else _("Hanoi")

    def issuing(self):
        """A cluster is not a body: its documents are issued by the year's head unit in the
        cluster's name, under the body that governs that unit."""
        head = self.head_unit
        return governing_line(head, self.when), (head.name.upper() if head else "")

    def signer(self):
        rows = self.members
        head_row = next((row for row in rows if row["unit"] == self.head_unit), None)
        return {
            "role": _("HEAD OF THE %(kind)s") % {"kind": _kind_word(self.params.cluster).upper()},
            "unit": self.head_unit,
            "official": head_row["head_official"] if head_row else None,
        }


def _kind_word(cluster):
    return {
        Cluster.Kind.REGION: _("region"),
        Cluster.Kind.CLUSTER: _("cluster"),
        Cluster.Kind.BLOC: _("bloc"),
    }.get(cluster.kind, _("cluster"))
