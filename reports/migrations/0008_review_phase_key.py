"""A cluster's review at the end of a phase names the phase itself (``ReportJob.phase``), not
its number, which repeats across a cluster's campaigns; the number stays, as ``phase_number``,
for the sector's review of phase N. A cluster's job keeps its number only when the phase it
meant cannot be told: the number meant that phase of the cluster's regular campaign for the
job's year, and it is replaced by the phase when that campaign has exactly one of that number
ending that year. The request key follows, so a new request joins a job still being built."""

import django.db.models.deletion
from django.db import migrations, models


def _regular_campaign(Campaign, cluster_id, year):
    """campaigns.queries.regular_campaign as it was when the number was stored."""
    return (
        Campaign.objects.filter(
            level="cluster", kind="regular", launching_cluster_id=cluster_id, first_year__lte=year, last_year__gte=year
        )
        .order_by("-first_year", "pk")
        .first()
    )


def numbers_to_phases(apps, schema_editor):
    ReportJob = apps.get_model("reports", "ReportJob")
    Campaign = apps.get_model("campaigns", "Campaign")
    Phase = apps.get_model("campaigns", "Phase")
    jobs = ReportJob.objects.filter(kind="cluster_mid_year", phase_number__isnull=False).order_by("pk")
    for job in jobs.iterator():
        campaign = _regular_campaign(Campaign, job.cluster_id, job.year)
        found = Phase.objects.filter(campaign=campaign, end__year=job.year, number=job.phase_number)
        found = list(found[:2]) if campaign else []
        if len(found) != 1:
            continue  # none or several: which one was meant is lost, the number stays
        key = job.key.removesuffix(f"|phase-{job.phase_number}") + f"|phase:{found[0].pk}"
        ReportJob.objects.filter(pk=job.pk).update(phase=found[0], phase_number=None, key=key)


def phases_to_numbers(apps, schema_editor):
    ReportJob = apps.get_model("reports", "ReportJob")
    for job in ReportJob.objects.filter(phase__isnull=False).select_related("phase").order_by("pk").iterator():
        number = job.phase.number
        key = job.key.removesuffix(f"|phase:{job.phase_id}") + f"|phase-{number}"
        ReportJob.objects.filter(pk=job.pk).update(phase=None, phase_number=number, key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_progress_by_phase"),
        ("reports", "0007_certificate_layouts"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reportjob", name="report_phase_only_for_reviews"),
        migrations.RenameField(model_name="reportjob", old_name="phase", new_name="phase_number"),
        migrations.RenameField(model_name="historicalreportjob", old_name="phase", new_name="phase_number"),
        migrations.AlterField(
            model_name="reportjob",
            name="phase_number",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="phase number"),
        ),
        migrations.AlterField(
            model_name="historicalreportjob",
            name="phase_number",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="phase number"),
        ),
        migrations.AddField(
            model_name="reportjob",
            name="phase",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="campaigns.phase",
                verbose_name="phase",
            ),
        ),
        migrations.AddField(
            model_name="historicalreportjob",
            name="phase",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="campaigns.phase",
                verbose_name="phase",
            ),
        ),
        migrations.RunPython(numbers_to_phases, phases_to_numbers),
        migrations.AddConstraint(
            model_name="reportjob",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("phase_number__isnull", True),
                    ("kind__in", ["cluster_mid_year", "sector_mid_year"]),
                    _connector="OR",
                ),
                name="report_phase_only_for_reviews",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportjob",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("phase__isnull", True),
                    models.Q(("kind", "cluster_mid_year"), ("phase_number__isnull", True)),
                    _connector="OR",
                ),
                name="report_phase_key_for_cluster_reviews",
            ),
        ),
    ]
