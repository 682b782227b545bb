import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("outcomes", "0009_matters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assignment",
            name="matter",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="assignments",
                                    to="outcomes.matter", verbose_name="forwarded matter"),
        ),
    ]
