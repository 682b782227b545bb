import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def matters_for_cases(apps, schema_editor):
    """Every supervision case belongs to its outcome's forwarded matter (a case is opened once forwarded)."""
    Matter = apps.get_model("outcomes", "Matter")
    SupervisionCase = apps.get_model("outcomes", "SupervisionCase")
    Outcome = apps.get_model("outcomes", "Outcome")
    for outcome_id in SupervisionCase.objects.values_list("outcome_id", flat=True).distinct():
        outcome = Outcome.objects.only("id", "title", "kind", "topic_id").get(pk=outcome_id)
        matter, _ = Matter.objects.get_or_create(
            owner_kind="outcome", owner_id=outcome.pk,
            defaults={"title": outcome.title, "policy_kind": outcome.kind, "topic_id": outcome.topic_id},
        )
        SupervisionCase.objects.filter(outcome_id=outcome_id).update(matter=matter)


class Migration(migrations.Migration):

    dependencies = [
        ("outcomes", "0010_matter_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="supervisioncase",
            name="matter",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="supervision_cases", to="outcomes.matter",
                                    verbose_name="forwarded matter"),
        ),
        migrations.AddField(
            model_name="supervisioncase",
            name="leader",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="supervising leader"),
        ),
        migrations.AlterField(
            model_name="supervisioncase",
            name="outcome",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="supervision_cases", to="outcomes.outcome"),
        ),
        migrations.RunPython(matters_for_cases, migrations.RunPython.noop),
    ]
