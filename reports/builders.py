"""The four reports. Each is a list of sections built on their own (the sector
summary's in parallel tasks) and assembled into one official document.

A builder does not know about jobs or Celery: ``build(params)`` gives the PDF and
the Excel file, so the task and ``manage.py build_report`` run the same code.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emulation.models import Cluster, Unit
from emulation.spreadsheets import build_workbook

from . import data, sections
from .documents import Header, archive_line, governing_line, render_document, render_pdf, symbol_initials
from .models import ReportKind


@dataclass
class Params:
    kind: str
    year: int
    cluster: Cluster | None = None
    vote_id: int | None = None
    number: str = ""
    when: date | None = None

    @classmethod
    def of_job(cls, job):
        return cls(job.kind, job.year, job.cluster, job.vote_id, job.document_number, job.document_date)


@dataclass
class Built:
    pdf: bytes
    xlsx: bytes
    pages: int
    filename: str
    fonts_loaded: list


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
        """results: SectionResults in order → Built (WeasyPrint runs here)."""
        with translation.override(settings.LANGUAGE_CODE):
            html = self.document_html(results)
            rendered = render_pdf(html)
        sheets = [sheet for result in results for sheet in result.sheets]
        xlsx = build_workbook(_unique_titles(sheets)) if sheets else b""
        return Built(rendered.pdf, xlsx, rendered.pages, self.filename(), rendered.fonts_loaded)

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


def _cluster_symbol(cluster, prefix):
    marks = {Cluster.Kind.REGION: "KVTĐ", Cluster.Kind.CLUSTER: "CTĐ", Cluster.Kind.BLOC: "KTĐ"}
    return f"{prefix}-{marks.get(cluster.kind, 'CTĐ')}"


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


class ClusterYearReport(ClusterReport):
    """(1) Báo cáo tổng kết công tác thi đua, khen thưởng năm N của Khu vực / Cụm."""

    kind = ReportKind.CLUSTER_YEAR
    template = "reports/pdf/cluster_year.html"
    SECTIONS = {
        "members": sections.cluster_members,
        "campaigns": sections.cluster_campaigns,
        "pledges": sections.pledges_section,
        "scores": sections.cluster_scores,
        "votes": sections.cluster_votes,
        "exemplary": sections.cluster_exemplary,
        "next_year": sections.cluster_next_year,
    }

    @cached_property
    def pledges(self):
        return data.pledge_rows(self.params.cluster, self.params.year)

    @cached_property
    def ranking(self):
        types = sorted({row["unit"].type for row in self.members})
        return data.cluster_ranking(self.params.cluster, self.params.year, types)

    @property
    def when(self):
        return self.params.when or data.conference_date(self.params.cluster, self.params.year) or timezone.localdate()

    def section_keys(self):
        return list(self.SECTIONS)

    def build_section(self, key):
        return self.SECTIONS[key](self)

    def slug(self):
        return f"bao-cao-tong-ket-{self.params.cluster.slug}-{self.params.year}"

    def header(self):
        parent, body = self.issuing()
        return Header(
            parent_body=parent,
            issuing_body=body,
            symbol=_cluster_symbol(self.params.cluster, "BC"),
            place=self.place(),
            when=self.when,
            number=self.params.number,
            kind_title=_("REPORT"),
            subject=_("Summary of emulation and commendation work in %(year)s of the %(cluster)s")
            % {"year": self.params.year, "cluster": self.params.cluster.name},
        )

    def document_context(self):
        office = data.emulation_office()
        recipients = [
            _("Ministry of Justice (%(office)s)") % {"office": office.name if office else _("the emulation office")},
            _("Member units of the %(kind)s") % {"kind": _kind_word(self.params.cluster)},
        ]
        return {
            "signer": self.signer(),
            "cluster": self.params.cluster,
            "recipients": recipients,
            "archive": archive_line(self.head_unit),
        }


class PledgeAgreement(ClusterReport):
    """(4) Bản ký kết giao ước thi đua: common targets, each member's values, signatures."""

    kind = ReportKind.PLEDGE_AGREEMENT
    template = "reports/pdf/pledge_agreement.html"
    SECTIONS = {
        "targets": sections.agreement_targets,
        "member_values": sections.agreement_member_values,
        "signatures": sections.agreement_signatures,
    }

    def section_keys(self):
        return list(self.SECTIONS)

    def build_section(self, key):
        return self.SECTIONS[key](self)

    def slug(self):
        return f"giao-uoc-thi-dua-{self.params.cluster.slug}-{self.params.year}"

    def header(self):
        parent, body = self.issuing()
        return Header(
            parent_body=parent,
            issuing_body=body,
            symbol=_cluster_symbol(self.params.cluster, "GƯ"),
            place=self.place(),
            when=self.when,
            number=self.params.number,
            kind_title=_("EMULATION PLEDGE AGREEMENT"),
            subject=_("Emulation pledge of the %(cluster)s for %(year)s")
            % {"year": self.params.year, "cluster": self.params.cluster.name},
        )

    @cached_property
    def agreement(self):
        return data.agreement(self.params.cluster, self.params.year)

    @property
    def when(self):
        agreement = self.agreement
        signed = agreement["campaign"].document_date if agreement else None
        return self.params.when or signed or timezone.localdate()

    def document_context(self):
        office = data.emulation_office()
        recipients = [
            _("Ministry of Justice (%(office)s)") % {"office": office.name if office else _("the emulation office")},
            _("Member units of the %(kind)s") % {"kind": _kind_word(self.params.cluster)},
        ]
        return {"cluster": self.params.cluster, "recipients": recipients, "archive": archive_line(self.head_unit)}


class SectorSummary(Report):
    """(2) The Ministry's summary of the sector: one page per cluster, the ranking by
    unit type, nominations by title, totals. Cluster sections build in parallel."""

    kind = ReportKind.SECTOR_YEAR
    template = "reports/pdf/sector_year.html"
    parallel = True
    SECTIONS = {
        "overview": sections.sector_overview,
        "cluster": sections.sector_cluster,  # "cluster:<id>", one per cluster
        "ranking": sections.sector_ranking,
        "nominations": sections.sector_nominations,
        "totals": sections.sector_totals,
    }

    def __init__(self, params):
        super().__init__(params)
        self._clusters = None

    @property
    def clusters(self):
        if self._clusters is None:
            self._clusters = data.sector_clusters(self.params.year)
        return self._clusters

    @cached_property
    def unit_types(self):
        return data.member_unit_types(self.params.year)

    def section_keys(self):
        keys = ["overview"]
        keys += [f"cluster:{cluster.pk}" for cluster in self.clusters]
        keys += ["ranking", "nominations", "totals"]
        return keys

    def build_section(self, key):
        name, _sep, argument = key.partition(":")
        builder = self.SECTIONS[name]
        return builder(self, int(argument)) if argument else builder(self)

    def slug(self):
        return f"bao-cao-tong-hop-nganh-{self.params.year}"

    def header(self):
        office = data.emulation_office()
        ministry = Unit.objects.filter(type=Unit.Type.MINISTRY).first()
        return Header(
            parent_body=governing_line(office, self.when)
            or (ministry.name if ministry else _("Ministry of Justice")).upper(),
            issuing_body=(office.name if office else "").upper(),
            symbol="BC-" + (symbol_initials(office.name) if office else "BTP"),
            place=_("Hanoi"),
            when=self.when,
            number=self.params.number,
            kind_title=_("REPORT"),
            subject=_("Summary of emulation and commendation work in the Justice sector in %(year)s")
            % {"year": self.params.year},
        )

    def document_context(self):
        office = data.emulation_office()
        official = data.unit_heads([office.pk]).get(office.pk) if office else None
        role = official.position if official and official.position else _("HEAD OF UNIT")
        recipients = [_("The Minister (to report)"), _("The sector's Emulation and Commendation Council")]
        return {
            "office": office,
            "signer": {"role": role, "unit": None, "official": official},
            "recipients": recipients,
            "archive": archive_line(office),
        }


class VoteMinutes(Report):
    """(3) Biên bản kiểm phiếu of one vote: totals and each candidate's votes, never
    who voted how."""

    kind = ReportKind.VOTE_MINUTES
    template = "reports/pdf/vote_minutes.html"

    @cached_property
    def vote(self):
        return data.vote_minutes(self.params.vote_id)

    def section_keys(self):
        return ["minutes"]

    SECTIONS = {"minutes": sections.vote_minutes}

    def build_section(self, key):
        return self.SECTIONS[key](self)

    def slug(self):
        return f"bien-ban-kiem-phieu-{self.params.vote_id}"

    @property
    def head_unit(self):
        return self.vote.get("head_unit") if self.vote else None

    @property
    def when(self):
        return self.params.when or (self.vote.get("date") if self.vote else None) or timezone.localdate()

    def header(self):
        cluster = self.params.cluster
        head = self.head_unit
        return Header(
            parent_body=governing_line(head, self.when),
            issuing_body=head.name.upper() if head else "",
            symbol=_cluster_symbol(cluster, "BB") if cluster else "BB",
            place=(head.province if head and head.province else _("Hanoi")),
            when=self.when,
            number=self.params.number,
            kind_title=_("VOTE-COUNT MINUTES"),
            subject=self.vote.get("subject", "") if self.vote else "",
        )

    def document_context(self):
        vote = self.vote
        office = data.emulation_office()
        recipients = [
            _("Ministry of Justice (%(office)s), with the proposal file")
            % {"office": office.name if office else _("the emulation office")},
        ]
        if vote:
            recipients.append(_("Member units of the %(kind)s") % {"kind": _kind_word(vote["cluster"])})
        return {
            "vote": vote,
            "record": vote["record"] if vote else None,
            "recipients": recipients,
            "archive": archive_line(self.head_unit),
        }


REPORTS = {
    ReportKind.CLUSTER_YEAR: ClusterYearReport,
    ReportKind.SECTOR_YEAR: SectorSummary,
    ReportKind.VOTE_MINUTES: VoteMinutes,
    ReportKind.PLEDGE_AGREEMENT: PledgeAgreement,
}


def report_for(params):
    return REPORTS[params.kind](params)
