"""The security policy the security administrator sets, and each user's previous passwords."""
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.request_memo import forget, memoized

POLICY_CACHE_KEY = "accounts:policy"


class SecurityPolicy(models.Model):
    """One row: password expiry, history, idle timeout and lockout (R14: rules are configuration)."""

    password_max_age_days = models.PositiveSmallIntegerField(
        _("password expires after (days)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    password_warning_days = models.PositiveSmallIntegerField(
        _("warn before expiry (days)"), default=7, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    password_history = models.PositiveSmallIntegerField(
        _("previous passwords that may not be reused"), default=5, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("log out after idle (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    lockout_failures = models.PositiveSmallIntegerField(
        _("failed logins before lockout (per username and address)"), default=5,
        validators=[MinValueValidator(3), MaxValueValidator(20)],
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        _("lockout duration (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(1440)]
    )
    username_ceiling = models.PositiveSmallIntegerField(
        _("failed logins for one username from all addresses before lockout"), default=20,
        validators=[MinValueValidator(5), MaxValueValidator(500)],
    )
    token_hours = models.PositiveSmallIntegerField(
        _("API tokens expire after (hours)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(720)]
    )

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")

    def __str__(self):
        return str(_("security policy"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(POLICY_CACHE_KEY)
        forget(POLICY_CACHE_KEY)

    @property
    def max_age(self) -> timedelta:
        return timedelta(days=self.password_max_age_days)


def defaults() -> dict:
    """The starting policy, from settings (which come from the environment)."""
    return {
        "password_max_age_days": settings.PASSWORD_MAX_AGE_DAYS,
        "password_warning_days": settings.PASSWORD_WARNING_DAYS,
        "password_history": settings.PASSWORD_HISTORY,
        "idle_timeout_minutes": settings.SESSION_IDLE_TIMEOUT // 60,
        "lockout_failures": settings.AXES_FAILURE_LIMIT_DEFAULT,
        "lockout_minutes": settings.AXES_COOLOFF_MINUTES_DEFAULT,
        "username_ceiling": settings.AXES_USERNAME_CEILING,
        "token_hours": settings.API_TOKEN_HOURS,
    }


def policy() -> SecurityPolicy:
    """The policy in force, cached (no query on most requests; one cache read per request); the row is created
    from settings when missing."""
    return memoized(POLICY_CACHE_KEY, _cached_policy)


def _cached_policy() -> SecurityPolicy:
    found = cache.get(POLICY_CACHE_KEY)
    if found is None:
        found = SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy(pk=1, **defaults())
        cache.set(POLICY_CACHE_KEY, found, 300)
    return found


class PasswordHistory(models.Model):
    """A password hash the user had, so the last N cannot be chosen again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
