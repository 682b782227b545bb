"""Who is who: special committees, member groups, sectors, members, departments and users."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .roles import Role


class SpecialCommittee(models.Model):
    """专门委员会: drafts candidate topics (R2)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("special committee")
        verbose_name_plural = _("special committees")

    CHOICE_LABEL = ("name",)  # what __str__ shows, for choices read as values (chengwu_cppcc.api)

    def __str__(self):
        return self.name


class MemberGroup(models.Model):
    """委员活动组: members' activity groups that discuss candidate topics (R3)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("member activity group")
        verbose_name_plural = _("member activity groups")

    def __str__(self):
        return self.name


class Sector(models.Model):
    """界别: the sector a member represents."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class Member(models.Model):
    """委员: a committee member; a record, and a login when `user` is set (role member)."""

    user = models.OneToOneField(
        "directory.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="member_profile",
        verbose_name=_("login"),
    )
    name = models.CharField(_("name"), max_length=50)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("sector"))
    group = models.ForeignKey(
        MemberGroup, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("member activity group")
    )
    committees = models.ManyToManyField(SpecialCommittee, blank=True, verbose_name=_("special committees"))
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    employer = models.CharField(_("employer and position"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(fields=["name", "employer"], name="member_unique_name_employer")]

    CHOICE_LABEL = ("name",)  # what __str__ shows, for choices read as values (chengwu_cppcc.api)

    def __str__(self):
        return self.name


class Department(models.Model):
    """承办单位: a government department that undertakes assignments."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    leader_in_charge = models.ForeignKey(
        "directory.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_departments",
        verbose_name=_("government leader in charge"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    CHOICE_LABEL = ("name",)  # what __str__ shows, for choices read as values (chengwu_cppcc.api)

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who logs in; may hold several roles; a department officer belongs to one department."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="officers", verbose_name=_("department")
    )
    email_notifications = models.BooleanField(_("send notifications by email"), default=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    CHOICE_LABEL = ("full_name", "username")  # what __str__ shows, for choices read as values (chengwu_cppcc.api)

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleGrant(models.Model):
    """One role held by one user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique_user_role")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"
