"""The points table a committee starts from (R14: the office edits it afterwards)."""
from django.db import migrations

# (kind, points, yearly cap or None)
DEFAULT_RULES = [
    ("meeting_attended", 5, 40),
    ("leave", 0, None),
    ("absent", -5, None),
    ("research_attended", 5, 30),
    ("opinion_given", 2, 20),
    ("po_submitted", 3, 30),
    ("po_adopted_county", 5, None),
    ("po_adopted_city", 8, None),
    ("po_adopted_province", 12, None),
    ("po_adopted_national", 20, None),
    ("proposal_submitted", 5, 20),
    ("proposal_accepted", 5, None),
    ("key_proposal", 10, None),
    ("speech", 5, 20),
]


def create_rules(apps, schema_editor):
    PointsRule = apps.get_model("members", "PointsRule")
    for kind, points, cap in DEFAULT_RULES:
        PointsRule.objects.get_or_create(kind=kind, defaults={"points": points, "yearly_cap": cap})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
