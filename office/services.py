"""Writes of the office pages: each checks the actor, changes inside one transaction and records history."""
from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils.translation import gettext as _

from chengwu_cppcc.errors import InvalidInput, NotAllowed, NotFound
from directory.models import RoleGrant, User
from history.services import history_record

from . import access


def _require(allowed, actor) -> None:
    if not allowed(actor):
        raise NotAllowed()


def _readable(obj, name: str):
    """A field's value as people read it, for the history's before/after."""
    try:
        field = obj._meta.get_field(name)
    except Exception:  # a form field that is no model field: the caller records it
        return None
    if field.many_to_many:
        return ", ".join(sorted(str(related) for related in getattr(obj, name).all())) if obj.pk else ""
    value = getattr(obj, name)
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value if value is None or isinstance(value, (bool, int)) else str(value)


def _changes(before: dict, after: dict) -> dict:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record_save(*, actor, form, action_added: str, action_changed: str, allowed=access.may_manage_rules):
    """Save a validated ModelForm of an office record; history says what changed, before and after."""
    _require(allowed, actor)
    instance = form.instance
    created = instance._state.adding
    fields = [name for name in form.fields if name in {f.name for f in instance._meta.get_fields()}]
    with transaction.atomic():
        before = {}
        if not created:
            old = type(instance).objects.select_for_update().get(pk=instance.pk)
            before = {name: _readable(old, name) for name in fields}
        obj = form.save()
        after = {name: _readable(obj, name) for name in fields}
        changes = _changes(before, after) if not created else {k: [None, v] for k, v in after.items() if v not in ("", None)}
        if created or changes:
            history_record(subject=obj, actor=actor, action=action_added if created else action_changed, changes=changes)
    return obj


def calendar_day_remove(*, actor, day_id: int) -> None:
    """Remove a calendar correction; the history keeps what it said."""
    from workdays.models import CalendarDay

    _require(access.may_manage_rules, actor)
    with transaction.atomic():
        day = CalendarDay.objects.select_for_update().filter(pk=day_id).first()
        if day is None:
            raise NotFound()
        history_record(
            subject=day, actor=actor, action="calendar_day_removed", note=str(day),
            changes={"date": [day.date.isoformat(), None], "kind": [day.get_kind_display(), None], "name": [day.name, None]},
        )
        day.delete()


def task_set_enabled(*, actor, task_id: int, enabled: bool):
    from django_celery_beat.models import PeriodicTask

    _require(access.may_manage_rules, actor)
    with transaction.atomic():
        task = PeriodicTask.objects.select_for_update().filter(pk=task_id).first()
        if task is None:
            raise NotFound()
        if task.enabled != enabled:
            task.enabled = enabled
            task.save(update_fields=["enabled"])  # the beat's change marker follows (django-celery-beat's signal)
            history_record(
                subject=task, actor=actor, action="periodic_task_enabled" if enabled else "periodic_task_disabled",
                changes={"enabled": [not enabled, enabled]},
            )
    return task


def describe_schedule(task) -> str:
    if task.crontab_id:
        c = task.crontab
        return f"cron {c.minute} {c.hour} {c.day_of_month} {c.month_of_year} {c.day_of_week}"
    if task.interval_id:
        return _("every %(every)s %(period)s") % {"every": task.interval.every, "period": task.interval.get_period_display()}
    return ""


def task_schedule_save(*, actor, task_id: int, enabled: bool, kind: str, every: int | None = None,
                       period: str = "", crontab: dict | None = None):
    """Give a scheduled task an interval or a cron schedule (validated by the form), and enable or disable it."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    _require(access.may_manage_rules, actor)
    with transaction.atomic():
        task = PeriodicTask.objects.select_for_update(of=("self",)).select_related("interval", "crontab").filter(pk=task_id).first()
        if task is None:
            raise NotFound()
        before = {"schedule": describe_schedule(task), "enabled": task.enabled}
        if kind == "interval":
            if not every or every < 1:
                raise InvalidInput(field_errors={"every": [_("Enter a whole number of at least 1.")]})
            task.interval, _created = IntervalSchedule.objects.get_or_create(every=every, period=period)
            task.crontab = None
        else:
            task.crontab, _created = CrontabSchedule.objects.get_or_create(timezone="Asia/Shanghai", **crontab)
            task.interval = None
        task.enabled = enabled
        task.save()
        after = {"schedule": describe_schedule(task), "enabled": task.enabled}
        changes = _changes(before, after)
        if changes:
            history_record(subject=task, actor=actor, action="periodic_task_changed", changes=changes)
    return task


def user_save(*, actor, form) -> User:
    """Create or change an account and its roles; a new account must change its first password."""
    _require(access.may_manage_accounts, actor)
    user = form.instance
    created = user._state.adding
    roles = set(form.cleaned_data["roles"])
    fields = ["username", "full_name", "title", "email", "department", "is_active"]
    with transaction.atomic():
        before, old_roles = {}, set()
        if not created:
            old = User.objects.select_for_update().get(pk=user.pk)
            before = {name: _readable(old, name) for name in fields}
            old_roles = set(RoleGrant.objects.filter(user=old).values_list("role", flat=True))
            errors = {}
            if old.pk == actor.pk and not form.cleaned_data["is_active"]:
                errors["is_active"] = [_("You cannot deactivate your own account.")]
            if old.pk == actor.pk and old_roles - roles and not access.may_manage_accounts_with(roles):
                errors["roles"] = [_("You cannot take away your own right to manage accounts.")]
            if errors:
                raise InvalidInput(next(iter(errors.values()))[0], field_errors=errors)
        user = form.save(commit=False)
        if created:
            user.set_password(form.cleaned_data["password1"])
            user.must_change_password = True
        user.save()
        RoleGrant.objects.filter(user=user).exclude(role__in=roles).delete()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in sorted(roles - old_roles)])
        user._role_cache = frozenset(roles)
        after = {name: _readable(user, name) for name in fields}
        changes = _changes(before, after)
        if roles != old_roles:
            changes["roles"] = [", ".join(sorted(old_roles)), ", ".join(sorted(roles))]
        if created or changes:
            history_record(subject=user, actor=actor, action="user_added" if created else "user_changed", changes=changes)
    return user
