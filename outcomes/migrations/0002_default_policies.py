"""Default deadline policies for the four outcome kinds (editable in the admin, R14)."""
from django.db import migrations

KINDS = ["meeting_minutes", "work_minutes", "special_minutes", "recommendation"]


def create(apps, schema_editor):
    policy = apps.get_model("outcomes", "DeadlinePolicy")
    for kind in KINDS:
        policy.objects.get_or_create(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
