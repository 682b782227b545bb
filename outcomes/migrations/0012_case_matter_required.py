import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("outcomes", "0011_case_matter"),
    ]

    operations = [
        migrations.AlterField(
            model_name="supervisioncase",
            name="matter",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="supervision_cases",
                                    to="outcomes.matter", verbose_name="forwarded matter"),
        ),
    ]
