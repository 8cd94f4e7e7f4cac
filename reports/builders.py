"""The reports (the statistics forms' in reports/statistics_builder.py). Each is a list of
sections built on their own (the sector summary's in parallel tasks) and assembled into one
official document.

A builder does not know about jobs or Celery: ``build(params)`` gives the PDF and
the Excel file, so the task and ``manage.py build_report`` run the same code.
"""

from datetime import date
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.models import Unit

from . import data, sections
from .base import Built, ClusterReport, Params, Report, _kind_word, cluster_symbol
from .documents import Header, archive_line, governing_line, unit_symbol
from .models import ReportKind
from .statistics_builder import StatisticsFormReport

__all__ = ["Built", "Params", "report_for"]


class ClusterYearReport(ClusterReport):
    """(1) Báo cáo tổng kết công tác thi đua, khen thưởng năm N của Khu vực / Cụm."""

    kind = ReportKind.CLUSTER_YEAR
    template = "reports/pdf/cluster_year.html"
    SECTIONS = {
        "members": sections.cluster_members,
        "campaigns": sections.cluster_campaigns,
        "pledges": sections.pledges_section,
        "figures": sections.cluster_figures,
        "scores": sections.cluster_scores,
        "votes": sections.cluster_votes,
        "exemplary": sections.cluster_exemplary,
        "next_year": sections.cluster_next_year,
    }

    @cached_property
    def pledges(self):
        return data.pledge_rows(self.params.cluster, self.params.year)

    @cached_property
    def figures(self):
        return data.reported_figures(self.params.cluster, self.params.year)

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
            symbol=self.symbol("BC"),
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
            symbol="",  # Phụ lục III has no abbreviation for a giao ước: the number is printed as typed
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
            symbol=unit_symbol("BC", office) if office else "BC-BTP",
            place=_("Hanoi"),
            when=self.when,
            number=self.params.number,
            kind_title=_("REPORT"),
            subject=_("Summary of emulation and commendation work in the Justice sector in %(year)s")
            % {"year": self.params.year},
        )

    def document_context(self):
        return _office_signed()


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
            symbol=cluster_symbol(cluster, "BB", head) if cluster else "BB",
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


class ClusterMidYearReport(ClusterReport):
    """(5) Báo cáo sơ kết of a cluster, issued by the head unit: each member's progress against
    its pledge on the date it reported, at the mid-year review (sơ kết 6 tháng) or, with
    ``params.phase``, at the end of that phase of one of the cluster's campaigns (sơ kết đợt),
    under that campaign, the phase's dates and goal first. A job kept from before reviews named
    their phase, with only a number that could not be told (``params.phase_number``), is not
    built again: which phase it meant is lost."""

    kind = ReportKind.CLUSTER_MID_YEAR
    template = "reports/pdf/cluster_mid_year.html"
    SECTIONS = {"phase": sections.review_phase, "progress": sections.mid_year_progress}

    @property
    def phase(self):
        return self.params.phase

    @cached_property
    def progress_rows(self):
        return data.mid_year_rows(self.params.cluster, self.params.year, self.phase)

    @property
    def when(self):
        """Dated when the last member's report came in; for the year under way, today."""
        sent = [row["sent_on"] for row in self.progress_rows if row["sent_on"]]
        today = timezone.localdate()
        return self.params.when or max(sent, default=None) or min(today, date(self.params.year, 12, 31))

    def section_keys(self):
        if self.phase is None and self.params.phase_number:
            raise ValueError(
                _("Which phase numbered %(number)s this review meant is not known: ask for it again from the phase.")
                % {"number": self.params.phase_number}
            )
        return list(self.SECTIONS) if self.phase else ["progress"]

    def build_section(self, key):
        return self.SECTIONS[key](self)

    def slug(self):
        # the phase's key, not its number: two of the cluster's campaigns may each have a phase 1
        phase = f"dot-{self.phase.number}-{self.phase.pk}-" if self.phase else ""
        if self.params.phase_number and not self.phase:
            phase = f"dot-{self.params.phase_number}-"
        return f"bao-cao-so-ket-{phase}{self.params.cluster.slug}-{self.params.year}"

    def subject(self):
        names = {"year": self.params.year, "cluster": self.params.cluster.name}
        if self.phase:  # the campaign is named in the phase's section (a title stays short)
            names["phase"] = self.phase.name
            return _("Review at the end of %(phase)s of the emulation campaign in %(year)s of the %(cluster)s") % names
        return _("Mid-year review of the emulation campaign in %(year)s of the %(cluster)s") % names

    def header(self):
        parent, body = self.issuing()
        return Header(
            parent_body=parent,
            issuing_body=body,
            symbol=self.symbol("BC"),
            place=self.place(),
            when=self.when,
            number=self.params.number,
            kind_title=_("REPORT"),
            subject=self.subject(),
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


class SectorMidYearReport(Report):
    """(6) The Ministry's sơ kết of the sector: for each cluster, its members' progress against
    their pledges (a line per unit: reported or not, as of when, targets met) at the mid-year
    review or at the end of phase ``params.phase_number`` (sơ kết đợt N) of each cluster's
    regular campaign, with that cluster's phase named, dated and its goal; the totals first. A
    cluster whose regular campaign has no phase N ending in the year, or more than one, shows no
    figures (its own reviews tell its phases apart). Cluster sections build in parallel, each with
    the cluster report's own rows (``data.mid_year_rows``)."""

    kind = ReportKind.SECTOR_MID_YEAR
    template = "reports/pdf/sector_year.html"
    parallel = True
    SECTIONS = {"overview": sections.sector_review_overview, "cluster": sections.sector_review_cluster}

    @cached_property
    def clusters(self):
        return data.sector_clusters(self.params.year)

    @cached_property
    def cluster_phases(self):
        """{cluster id: [Phase]} for a phase's review, else empty."""
        number = self.params.phase_number
        return data.cluster_phases(self.params.year, number) if number else {}

    @cached_property
    def phases(self):
        """{cluster id: its one phase N}: the clusters whose figures the review of phase N gives."""
        return {cluster_id: found[0] for cluster_id, found in self.cluster_phases.items() if len(found) == 1}

    def progress_rows(self, cluster):
        if self.params.phase_number and cluster.pk not in self.phases:
            return []
        return data.mid_year_rows(cluster, self.params.year, self.phases.get(cluster.pk))

    def section_keys(self):
        return ["overview"] + [f"cluster:{cluster.pk}" for cluster in self.clusters]

    def build_section(self, key):
        name, _sep, argument = key.partition(":")
        builder = self.SECTIONS[name]
        return builder(self, int(argument)) if argument else builder(self)

    def slug(self):
        phase = f"dot-{self.params.phase_number}-" if self.params.phase_number else ""
        return f"bao-cao-so-ket-{phase}nganh-{self.params.year}"

    def header(self):
        office = data.emulation_office()
        ministry = Unit.objects.filter(type=Unit.Type.MINISTRY).first()
        names = {"year": self.params.year, "number": self.params.phase_number}
        if self.params.phase_number:
            subject = _(
                "Review at the end of phase %(number)s of the emulation campaigns in the Justice sector in "
                "%(year)s (phase number %(number)s of each cluster's regular campaign)"
            )
        else:
            subject = _("Mid-year review of the emulation campaigns in the Justice sector in %(year)s")
        return Header(
            parent_body=governing_line(office, self.when)
            or (ministry.name if ministry else _("Ministry of Justice")).upper(),
            issuing_body=(office.name if office else "").upper(),
            symbol=unit_symbol("BC", office) if office else "BC-BTP",
            place=_("Hanoi"),
            when=self.when,
            number=self.params.number,
            kind_title=_("REPORT"),
            subject=subject % names,
        )

    def document_context(self):
        return _office_signed()


def _office_signed():
    """The sector's reports are the emulation office's, signed by its head, sent to the
    Minister and the sector's council."""
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


REPORTS = {
    ReportKind.CLUSTER_YEAR: ClusterYearReport,
    ReportKind.SECTOR_YEAR: SectorSummary,
    ReportKind.VOTE_MINUTES: VoteMinutes,
    ReportKind.PLEDGE_AGREEMENT: PledgeAgreement,
    ReportKind.CLUSTER_MID_YEAR: ClusterMidYearReport,
    ReportKind.SECTOR_MID_YEAR: SectorMidYearReport,
    ReportKind.STATISTICS: StatisticsFormReport,
}


def report_for(params):
    return REPORTS[params.kind](params)
