"""Research groups, their plan, activities and versioned reports (R4–R7)."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chengwu_cppcc.links import pk_url
from history import labels as history_labels


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    STUDYING = "studying", _("Studying")
    RESEARCHING = "researching", _("Researching")
    REPORTING = "reporting", _("Reporting")
    APPROVED = "approved", _("Report approved")
    CLOSED = "closed", _("Closed")


class ResearchGroup(models.Model):
    """一课题一个调研组: exactly one group per adopted topic, led by a vice-chair (R4)."""

    topic = models.OneToOneField(
        "topics.Topic", on_delete=models.PROTECT, related_name="research_group", verbose_name=_("topic")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_groups", verbose_name=_("group leader")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.FORMING, db_index=True
    )
    formed_on = models.DateField(_("formed on"))
    notes = models.TextField(_("notes"), blank=True)
    members = models.ManyToManyField(
        "directory.Member", through="GroupMembership", related_name="research_groups", verbose_name=_("group members")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-formed_on", "id"]
        verbose_name = _("research group")
        verbose_name_plural = _("research groups")

    def __str__(self):
        return str(self.topic)

    def get_absolute_url(self):
        return pk_url("research:group-detail", self.pk)


class GroupMembership(models.Model):
    """A member of a research group, with the part they take."""

    group = models.ForeignKey(ResearchGroup, on_delete=models.PROTECT, related_name="memberships")
    member = models.ForeignKey("directory.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    responsibility = models.CharField(_("responsibility"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="membership_unique_group_member")]

    def __str__(self):
        return f"{self.group} · {self.member}"


class MilestoneKind(models.TextChoices):
    STUDY_DONE = "study_done", _("Study done")
    FIELD_RESEARCH_DONE = "field_research_done", _("Field research done")
    REPORT_DRAFT = "report_draft", _("Report draft")
    REPORT_APPROVED = "report_approved", _("Report approved")
    OTHER = "other", _("Other")


class Milestone(models.Model):
    """年度调研工作责任制: a dated commitment with an owner; overdue is derived."""

    group = models.ForeignKey(ResearchGroup, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"), db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ActivityKind(models.TextChoices):
    EXPERT_LECTURE = "expert_lecture", _("Expert lecture")
    COLLECTIVE_STUDY = "collective_study", _("Collective study")
    FRONTLINE_VISIT = "frontline_visit", _("Frontline visit")
    EXTERNAL_VISIT = "external_visit", _("External study visit")


class Activity(models.Model):
    """Preparation and research activity (R5); an external study visit carries its findings (R6)."""

    group = models.ForeignKey(ResearchGroup, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"), db_index=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    content = models.TextField(_("content"), blank=True)
    destination = models.CharField(_("destination county or city"), max_length=100, blank=True)
    hosts = models.CharField(_("hosts"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether a group member attended an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("directory.Member", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_unique_activity_member")]

    def __str__(self):
        return f"{self.activity} · {self.member}"


class VisitFinding(models.Model):
    """An innovation or practice seen on an external visit, which a suggestion may adapt (拿来主义)."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="findings")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("visit finding")
        verbose_name_plural = _("visit findings")

    def __str__(self):
        return self.title


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Report(models.Model):
    """One version of a group's research report; a returned version is followed by a new draft."""

    group = models.ForeignKey(ResearchGroup, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version"))
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_comments = models.TextField(_("review comments"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "-version"]
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        constraints = [models.UniqueConstraint(fields=["group", "version"], name="report_unique_group_version")]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self):
        return pk_url("research:report-detail", self.pk)


def score_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class ReportSuggestion(models.Model):
    """An itemised suggestion of a report, rated on the three qualities of R7."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="suggestions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    finding = models.ForeignKey(
        VisitFinding, on_delete=models.PROTECT, null=True, blank=True, related_name="suggestions",
        verbose_name=_("adapted visit finding"),
    )
    score_scientific = score_field(_("scientific (科学性)"))
    score_forward_looking = score_field(_("forward-looking (前瞻性)"))
    score_feasible = score_field(_("feasible (可行性)"))

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report suggestion")
        verbose_name_plural = _("report suggestions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="suggestion_unique_report_number"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{f}__isnull": True}) | models.Q(**{f"{f}__gte": 1, f"{f}__lte": 5}),
                    name=f"reportsuggestion_{f}_1_to_5",
                )
                for f in ("score_scientific", "score_forward_looking", "score_feasible")
            ],
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def is_rated(self) -> bool:
        return None not in (self.score_scientific, self.score_forward_looking, self.score_feasible)


history_labels.register(actions={"report_withdrawn": _("Report draft withdrawn")})
