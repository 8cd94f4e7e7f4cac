from django.db import migrations, models


def rates_from_their_measure(apps, schema_editor):
    """Targets typed with "%" as their unit were rates all along."""
    for name in ("CampaignTarget", "PledgeTarget"):
        apps.get_model("campaigns", name).objects.filter(unit_of_measure__contains="%").update(kind="rate")


def kind_field():
    return models.CharField(
        choices=[("count", "Count"), ("rate", "Rate (%)"), ("yes_no", "Done or not")],
        default="count",
        max_length=10,
        verbose_name="kind",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0005_mid_year_progress"),
    ]

    operations = [
        migrations.AddField(model_name="campaigntarget", name="kind", field=kind_field()),
        migrations.AddField(model_name="historicalcampaigntarget", name="kind", field=kind_field()),
        migrations.AddField(model_name="historicalpledgetarget", name="kind", field=kind_field()),
        migrations.AddField(model_name="pledgetarget", name="kind", field=kind_field()),
        migrations.RunPython(rates_from_their_measure, migrations.RunPython.noop),
    ]
