"""Office fixtures: the administrators next to the committee roles of tests/conftest.py."""
import pytest

from directory.roles import Role
from tests.conftest import make_user


@pytest.fixture
def admins(db):
    return {
        "sysadmin": make_user("sysadmin", Role.SYSADMIN),
        "secadmin": make_user("secadmin", Role.SECADMIN),
        "auditor": make_user("auditor", Role.AUDITOR),
    }


@pytest.fixture
def everyone(users, admins):
    return {**users, **admins}


@pytest.fixture
def periodic_task(db):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    task, _ = PeriodicTask.objects.get_or_create(
        name="每日提醒扫描 (reminder sweep)", defaults={"task": "notifications.run_sweeps", "crontab": daily}
    )
    return task
