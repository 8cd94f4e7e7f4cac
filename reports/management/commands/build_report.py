"""manage.py build_report KIND --year Y [--cluster SLUG | --vote ID | --form 0601 [--unit SLUG]]
[--phase ID | --phase-number N] -o FILE.pdf

Runs the same builder as the Celery task, without a job (and without permission
checks: whoever runs manage.py has the database already)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from emulation.models import Cluster, Unit
from reports import builders, data
from reports.models import SECTOR_KINDS, STATISTICS_FORMS, ReportKind


class Command(BaseCommand):
    help = "Build a report (PDF, and its tables as .xlsx beside it) from the command line."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--year", type=int)
        parser.add_argument("--cluster", help="the cluster's slug")
        parser.add_argument("--vote", type=int, help="the vote's id")
        parser.add_argument("--form", choices=STATISTICS_FORMS, help="a statistics form's number")
        parser.add_argument("--unit", help="a statistics form's reporting unit (slug); the sector when left out")
        parser.add_argument("--phase", type=int, help="a cluster's review at the end of this phase (its id)")
        parser.add_argument("--phase-number", type=int, help="the sector's review at the end of phase N")
        parser.add_argument("--number", default="", help="document number, if registered")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument("--no-xlsx", action="store_true", help="do not write the Excel file")

    def handle(self, kind, year, cluster, vote, number, output, no_xlsx, **options):
        if kind == ReportKind.STATISTICS:
            params = _statistics_params(year, options["form"], options["unit"])
        else:
            params = _params(kind, year, cluster, vote, number)
            _review_phase(params, options["phase"], options["phase_number"])
        report = builders.report_for(params)

        def progress(percent, message):
            self.stderr.write(f"{percent:3d}% {message}")

        built = report.build(progress)
        path = Path(output)
        path.write_bytes(built.pdf)
        self.stdout.write(f"{path} ({built.pages} pages)")
        if built.xlsx and not no_xlsx:
            sheet = path.with_suffix(".xlsx")
            sheet.write_bytes(built.xlsx)
            self.stdout.write(str(sheet))


def _review_phase(params, phase_id, number):
    if phase_id:
        if params.kind != ReportKind.CLUSTER_MID_YEAR:
            raise CommandError("--phase is only for a cluster's review (cluster_mid_year)")
        params.phase = data.cluster_review_phase(params.cluster, params.year, phase_id)
        if params.phase is None:
            raise CommandError(f"Phase {phase_id} is not one of the cluster's campaigns ending in {params.year}.")
    if number:
        if params.kind != ReportKind.SECTOR_MID_YEAR:
            raise CommandError("--phase-number is only for the sector's review (sector_mid_year)")
        params.phase_number = number


def _statistics_params(year, form, unit):
    if not year or not form:
        raise CommandError("--year and --form are required for a statistics form")
    unit_obj = Unit.objects.filter(slug=unit).first() if unit else None
    if unit and unit_obj is None:
        raise CommandError(f"No unit with the slug {unit!r}.")
    return builders.Params(ReportKind.STATISTICS, year, unit=unit_obj, form=form)


def _params(kind, year, cluster, vote, number):
    cluster_obj = None
    if kind == ReportKind.VOTE_MINUTES:
        if not vote:
            raise CommandError("--vote is required for vote minutes")
        summary = data.vote_summary(vote)
        if summary is None:
            raise CommandError(f"No vote {vote}.")
        cluster_obj, year = summary["cluster"], summary["year"]
    else:
        if not year:
            raise CommandError("--year is required")
        if kind not in SECTOR_KINDS:
            if not cluster:
                raise CommandError("--cluster is required for this report")
            cluster_obj = Cluster.objects.filter(slug=cluster).first()
            if cluster_obj is None:
                raise CommandError(f"No cluster with the slug {cluster!r}.")
    return builders.Params(kind, year, cluster_obj, vote, number)
