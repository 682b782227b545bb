"""The reasons for not accepting a proposal an office starts with (editable in the admin)."""
from django.db import migrations

DEFAULT_REASONS = [
    "不属于提案受理范围",
    "内容空泛，缺乏具体可行的建议",
    "属于个人诉求或具体案件",
    "涉及党和国家秘密",
    "所提问题已经解决或正在解决",
]


def seed(apps, schema_editor):
    RejectionReason = apps.get_model("proposals", "RejectionReason")
    for order, name in enumerate(DEFAULT_REASONS, start=1):
        RejectionReason.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
