"""Outcome documents, their suggestions, assignments to departments, replies and supervision (R8–R13)."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from chengwu_cppcc.links import pk_url
from history import labels as history_labels


class OutcomeKind(models.TextChoices):
    MEETING_MINUTES = "meeting_minutes", _("Meeting minutes")
    WORK_MINUTES = "work_minutes", _("Committee work minutes")
    SPECIAL_MINUTES = "special_minutes", _("Special consultation minutes")
    RECOMMENDATION = "recommendation", _("Recommendation")


# R9: these kinds report implementation periodically.
PERIODIC_REPORT_KINDS = (OutcomeKind.SPECIAL_MINUTES, OutcomeKind.RECOMMENDATION)


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", pgettext_lazy("deadline unit", "Working days")
    CALENDAR_MONTHS = "calendar_months", pgettext_lazy("deadline unit", "Calendar months")


# The policy of a forwarded matter that is no outcome document: a member's proposal (委员提案).
PROPOSAL_POLICY = "proposal"
POLICY_KINDS = [*OutcomeKind.choices, (PROPOSAL_POLICY, pgettext_lazy("matter kind", "Proposal"))]


class ApprovalRoute(models.TextChoices):
    """Who approves a department's reply, per matter type (R12)."""

    BY_CONSULTATION_TYPE = "by_consultation_type", _("By the topic's consultation type")
    LEADER_IN_CHARGE = "leader_in_charge", _("The department's leader in charge")
    PRINCIPAL_LEADER = "principal_leader", _("A principal government leader")


class DeadlinePolicy(models.Model):
    """The deadlines and intervals of one matter type (an outcome kind, or proposals), set by documents and
    changed in the office pages (R14)."""

    kind = models.CharField(_("matter type"), max_length=20, choices=POLICY_KINDS, unique=True)
    reply_unit = models.CharField(_("reply deadline counted in"), max_length=20, choices=DeadlineUnit.choices,
                                  default=DeadlineUnit.WORKING_DAYS)
    reply_working_days = models.PositiveSmallIntegerField(_("working days to reply"), default=20)
    reply_months = models.PositiveSmallIntegerField(
        _("months to reply"), default=3, validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("Used when the reply deadline is counted in calendar months: the day of the month the matter "
                    "was forwarded, or the next working day."),
    )
    cohandler_input_working_days = models.PositiveSmallIntegerField(
        _("working days for co-handlers' input"), default=10
    )
    return_window_working_days = models.PositiveSmallIntegerField(
        _("working days in which a wrongly sent matter may be returned"), default=5
    )
    very_overdue_working_days = models.PositiveSmallIntegerField(
        _("working days past due that count as very overdue"), default=10
    )
    report_interval_months = models.PositiveSmallIntegerField(
        _("months between implementation reports"), default=3, validators=[MinValueValidator(1)]
    )
    require_pre_reply_consultation = models.BooleanField(
        _("a consultation before replying is required before approval"), default=True
    )
    approval = models.CharField(
        _("replies approved by"), max_length=24, choices=ApprovalRoute.choices,
        default=ApprovalRoute.BY_CONSULTATION_TYPE,
        help_text=_("R12. By consultation type: the leader in charge for counterpart and sector consultations, a "
                    "principal leader for the others (outcome documents only)."),
    )
    evaluation_working_days = models.PositiveSmallIntegerField(
        _("working days for the proposer's evaluation"), default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("For a matter a member evaluates (a proposal): counted from the reply's approval."),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self):
        return self.get_kind_display()

    def reply_due(self, start):
        """The lead department's due date for a matter forwarded on `start`, in the policy's unit."""
        from workdays.services import due_date, due_in_months

        if self.reply_unit == DeadlineUnit.CALENDAR_MONTHS:
            return due_in_months(start=start, months=self.reply_months)
        return due_date(start=start, working_days=self.reply_working_days)

    @property
    def reply_period_label(self) -> str:
        """"20 working days" / "3 months", as the office reads the policy."""
        if self.reply_unit == DeadlineUnit.CALENDAR_MONTHS:
            return ngettext("%(count)d month", "%(count)d months", self.reply_months) % {"count": self.reply_months}
        return ngettext("%(count)d working day", "%(count)d working days", self.reply_working_days) % {
            "count": self.reply_working_days}

    @property
    def requires_progress_reports(self) -> bool:
        return self.kind in PERIODIC_REPORT_KINDS


class OutcomeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the party committee and government")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")  # a draft withdrawn (a duplicate, a mistake): kept with its history


# Never sent out: only the office sees them, and no figure counts them.
UNSENT_OUTCOME_STATES = (OutcomeStatus.DRAFT, OutcomeStatus.WITHDRAWN)


class Outcome(models.Model):
    """A minutes or recommendation sent to the party committee and government (R8)."""

    topic = models.ForeignKey("topics.Topic", on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("topic"))
    report = models.ForeignKey(
        "research.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes",
        verbose_name=_("research report"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    body = models.TextField(_("body"), blank=True)
    consultation_type = models.CharField(_("consultation type"), max_length=20, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OutcomeStatus.choices, default=OutcomeStatus.DRAFT, db_index=True
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forwarded_by_note = models.CharField(_("forwarding instruction"), max_length=300, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return pk_url("outcomes:outcome-detail", self.pk)

    def get_consultation_type_display(self):
        from topics.models import ConsultationType

        return dict(ConsultationType.choices).get(self.consultation_type, self.consultation_type)


class AdoptionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    ADOPTED = "adopted", pgettext_lazy("suggestion adopted", "Adopted")
    PARTIALLY_ADOPTED = "partially_adopted", _("Partially adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    ALREADY_DONE = "already_done", _("Already done")


class CurrentSuggestionManager(models.Manager):
    """Hides suggestions withdrawn from a draft, so documents, replies, progress and figures never count them."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Suggestion(models.Model):
    """One suggestion of an outcome, with its adoption status and implementation progress."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="suggestions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    source = models.ForeignKey(
        "research.ReportSuggestion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("report suggestion"),
    )
    adoption_status = models.CharField(
        _("adoption status"), max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.PENDING
    )
    explanation = models.TextField(_("explanation"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("implementation progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    # Set when staff withdraw the suggestion from a draft (nothing is hard-deleted; the reason is in the history).
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    all_objects = models.Manager()  # withdrawn ones included: history, admin
    objects = CurrentSuggestionManager()

    class Meta:
        default_manager_name = "objects"  # so `outcome.suggestions` hides withdrawn ones too
        ordering = ["outcome", "number"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "number"], condition=models.Q(withdrawn_at__isnull=True),
                name="outcome_suggestion_unique_number",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="outcome_suggestion_progress_max_100"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def is_settled(self) -> bool:
        """Implemented, or explained why not (an assignment may close)."""
        if self.adoption_status in (AdoptionStatus.NOT_ADOPTED, AdoptionStatus.ALREADY_DONE):
            return True
        return self.adoption_status != AdoptionStatus.PENDING and self.progress >= 100


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead department")
    CO = "co", _("Co-handling department")


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    PENDING_APPROVAL = "pending_approval", _("Awaiting leader's approval")
    REPLIED = "replied", _("Replied")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for handling again")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Returned as wrongly sent")


OPEN_ASSIGNMENT_STATES = (
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.IN_PROGRESS,
    AssignmentStatus.PENDING_APPROVAL,
    AssignmentStatus.RETURNED,
)


class MatterOwner(models.TextChoices):
    OUTCOME = "outcome", pgettext_lazy("matter kind", "Outcome document")
    PROPOSAL = "proposal", pgettext_lazy("matter kind", "Proposal")


class Matter(models.Model):
    """A forwarded matter (交办件): what the departments' assignments and replies belong to. An outcome document or a
    member's proposal owns it (`owner_kind`, `owner_id`); the owner's app registers how to link to it
    (outcomes.matters), so outcomes never imports its owners. Everything shared by the handling — due dates by the
    policy, contacts, returns, extensions, replies, countersigning, approval, evaluation, reminders — reads this;
    what only an outcome has (suggestions, stances, periodic reports) reads `Assignment.outcome`."""

    owner_kind = models.CharField(_("belongs to"), max_length=12, choices=MatterOwner.choices)
    owner_id = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    policy_kind = models.CharField(_("matter type"), max_length=20, choices=POLICY_KINDS)
    topic = models.ForeignKey("topics.Topic", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Who evaluates the approved reply: a proposal's proposer; nobody named means the committee office.
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="matters_to_evaluate", verbose_name=_("evaluated by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("forwarded matter")
        verbose_name_plural = _("forwarded matters")
        constraints = [models.UniqueConstraint(fields=["owner_kind", "owner_id"], name="matter_one_per_owner")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from .matters import owner_url

        return owner_url(self)

    @property
    def is_outcome(self) -> bool:
        return self.owner_kind == MatterOwner.OUTCOME


class Assignment(models.Model):
    """交办: one department × one forwarded matter, lead or co-handling, with its due date by the policy."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="assignments",
                               verbose_name=_("forwarded matter"))
    # Set when an outcome document owns the matter: its suggestions, stances and periodic reports.
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments")
    department = models.ForeignKey(
        "directory.Department", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("department")
    )
    role = models.CharField(pgettext_lazy("assignment", "role"), max_length=10, choices=AssignmentRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED, db_index=True
    )
    forwarded_on = models.DateField(_("forwarded on"))
    working_days = models.PositiveSmallIntegerField(_("working days allowed"))
    due_on = models.DateField(_("due on"), db_index=True)
    due_provisional = models.BooleanField(_("due date on a provisional calendar"), default=False)
    input_text = models.TextField(_("co-handler's input"), blank=True)
    input_submitted_at = models.DateTimeField(_("input sent at"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reassigned from")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="assignment_dept_status_due_idx"),
            # Overdue and due-this-week lists: open assignments by due date (a small share of a decade's rows).
            models.Index(fields=["due_on", "id"], condition=models.Q(status__in=OPEN_ASSIGNMENT_STATES),
                         name="assignment_open_due_idx"),
        ]

    def __str__(self):
        return f"{self.matter} · {self.department}"

    def get_absolute_url(self):
        return pk_url("outcomes:assignment-detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ASSIGNMENT_STATES


class ContactKind(models.TextChoices):
    BEFORE_HANDLING = "before_handling", _("Communication before handling")
    DURING_HANDLING = "during_handling", _("Contact during handling")
    BEFORE_REPLY = "before_reply", _("Consultation before replying")


class Contact(models.Model):
    """One of the three contacts of R11 between the department and the committee."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    held_on = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=100, blank=True, help_text=_("For example: meeting, phone, site visit."))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # Lists ask "has this assignment a contact of this kind?" per row: one index probe each.
        indexes = [models.Index(fields=["assignment", "kind"], name="contact_assignment_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


class RequestKind(models.TextChoices):
    RETURN = "return", _("Return as wrongly sent")
    EXTENSION = "extension", _("Extension")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class AssignmentRequest(models.Model):
    """A department's request to return a wrongly sent matter or to extend its deadline; staff decide."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    reason = models.TextField(_("reason"))
    extra_working_days = models.PositiveSmallIntegerField(_("extra working days requested"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    previous_due_on = models.DateField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("assignment request")
        verbose_name_plural = _("assignment requests")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind"], condition=models.Q(status="pending"), name="one_pending_request_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.assignment}"


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    SENT_BACK = "sent_back", _("Sent back by the leader")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")  # a draft withdrawn by the department: kept with its history


class ApprovalLevel(models.TextChoices):
    LEADER_IN_CHARGE = "leader_in_charge", _("Government leader in charge")
    PRINCIPAL_LEADER = "principal_leader", _("Principal government leader")


class Evaluation(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class ResultClass(models.TextChoices):
    """A proposal reply's result (办理结果分类)."""

    A = "A", _("A: solved or basically solved")
    B = "B", _("B: partly solved or planned")
    C = "C", _("C: kept for reference, conditions not yet met")


class Reply(models.Model):
    """The lead department's formal reply (以文件形式答复): text, an attached file, a stance per suggestion."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="replies")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT, db_index=True
    )
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    text = models.TextField(_("text"))
    file = models.FileField(_("file"), upload_to="replies/%Y/", blank=True, max_length=200)
    file_name = models.CharField(_("original file name"), max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    approval_level = models.CharField(_("approved by"), max_length=20, choices=ApprovalLevel.choices, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="replies_to_approve",
        verbose_name=_("approver"),
    )
    approval_comments = models.TextField(_("leader's comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evaluation = models.CharField(_("evaluation"), max_length=20, choices=Evaluation.choices, blank=True)
    evaluation_comments = models.TextField(_("evaluation comments"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A matter a member evaluates (a proposal): the result class, the member's evaluation and its due date.
    result_class = models.CharField(_("result class"), max_length=1, choices=ResultClass.choices, blank=True)
    may_publish = models.BooleanField(_("the reply may be published to all members"), default=True)
    no_publish_reason = models.CharField(_("why not to be published"), max_length=300, blank=True)
    evaluation_due_on = models.DateField(_("evaluation due on"), null=True, blank=True)
    evaluation_contacted = models.BooleanField(_("contacted before handling"), null=True, blank=True)
    evaluation_attitude = models.CharField(_("handling attitude"), max_length=20, choices=Evaluation.choices,
                                           blank=True)
    evaluation_agreed = models.BooleanField(_("agrees with the result"), null=True, blank=True)
    evaluation_on_paper = models.BooleanField(_("recorded from a paper evaluation"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["assignment", "version"], name="reply_unique_assignment_version")]
        # Figures and lists ask "has this assignment an approved reply (by its due date)?": the approved ones only.
        indexes = [
            models.Index(fields=["assignment", "approved_at"], condition=models.Q(status="approved"),
                         name="reply_approved_idx")
        ]

    def __str__(self):
        return f"{self.assignment} · v{self.version}"

    def get_absolute_url(self):
        return pk_url("outcomes:reply-detail", self.pk)


class Stance(models.TextChoices):
    ADOPTED = "adopted", pgettext_lazy("suggestion adopted", "Adopted")
    PARTIALLY_ADOPTED = "partially_adopted", _("Partially adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    ALREADY_DONE = "already_done", _("Already done")


class ReplyStance(models.Model):
    """The reply's stance on one suggestion; not adopting needs a reason."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="stances")
    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="stances")
    stance = models.CharField(pgettext_lazy("reply", "stance"), max_length=20, choices=Stance.choices)
    reason = models.TextField(_("reason or measures"), blank=True)

    class Meta:
        ordering = ["suggestion__number"]
        verbose_name = _("stance on a suggestion")
        verbose_name_plural = _("stances on suggestions")
        constraints = [models.UniqueConstraint(fields=["reply", "suggestion"], name="stance_unique_reply_suggestion")]

    def __str__(self):
        return f"{self.suggestion} · {self.get_stance_display()}"


class Countersignature(models.Model):
    """会签: a co-handling department signs the lead's reply."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="countersignatures")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="countersignatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("countersignature")
        verbose_name_plural = _("countersignatures")
        constraints = [
            models.UniqueConstraint(fields=["reply", "assignment"], name="countersignature_unique_reply_assignment")
        ]

    def __str__(self):
        return f"{self.reply} · {self.assignment.department}"


class ProgressReport(models.Model):
    """定期通报: a periodic implementation report of the lead department (R9)."""

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="progress_reports")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="progress_reports")
    period_due_on = models.DateField(_("report due on"))
    text = models.TextField(_("report"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")

    def __str__(self):
        return f"{self.outcome} · {self.period_due_on}"


class ProgressItem(models.Model):
    """One suggestion's progress as stated in an implementation report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="items")
    suggestion = models.ForeignKey(Suggestion, on_delete=models.PROTECT, related_name="+")
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["suggestion__number"]
        verbose_name = _("progress item")
        verbose_name_plural = _("progress items")

    def __str__(self):
        return f"{self.suggestion} · {self.progress}%"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SupervisionCase(models.Model):
    """督办: a forwarded matter followed jointly by the committee's office and the government supervision office
    (R10, R13): an outcome's, or a key proposal's (重点提案) with the government leader who supervises it (领衔督办).
    `outcome` (and `suggestion`) only for what an outcome alone has, as on Assignment."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="supervision_cases",
                               verbose_name=_("forwarded matter"))
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="supervision_cases")
    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.PROTECT, null=True, blank=True, related_name="supervision_cases",
        verbose_name=_("suggestion"),
    )
    title = models.CharField(_("matter"), max_length=200)
    committee_office = models.CharField(_("committee's responsible office"), max_length=100)
    committee_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee staff in charge")
    )
    supervision_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("supervision office officer"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("supervising leader"),
    )
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-opened_on", "-id"]
        verbose_name = _("supervision case")
        verbose_name_plural = _("supervision cases")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return pk_url("outcomes:case-detail", self.pk)


class EventKind(models.TextChoices):
    OFFICE_MEETING = "office_meeting", _("County head's office meeting")
    WORK_PLAN = "work_plan", _("Work plan issued")
    SITE_CHECK = "site_check", _("Site check")
    MEETING = "meeting", _("Coordination meeting")
    PROGRESS = "progress", _("Progress")
    OTHER = "other", _("Other")


class SupervisionEvent(models.Model):
    """A dated step in following a case (a meeting, a work plan, a site check)."""

    case = models.ForeignKey(SupervisionCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    happened_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "id"]
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")

    def __str__(self):
        return f"{self.happened_on} {self.title}"


class NumberKind(models.TextChoices):
    LETTER = "letter", _("Letter number (发文字号)")
    MINUTES = "minutes", _("Minutes issue number (期号)")


class IssuedNumber(models.Model):
    """发文字号 register: one number per year and kind, assigned when a document is first issued and kept.

    The office may correct a serial (a number taken by hand outside the system); it stays unique in its year."""

    kind = models.CharField(_("kind"), max_length=10, choices=NumberKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="issued_numbers")
    assigned_on = models.DateField(_("assigned on"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind", "serial"]
        verbose_name = _("issued document number")
        verbose_name_plural = _("issued document numbers")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "serial"], name="issued_number_unique_serial"),
            models.UniqueConstraint(fields=["kind", "outcome"], name="issued_number_one_per_outcome"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """成政协函〔2026〕3号, or 2026年第3期 for minutes."""
        if self.kind == NumberKind.LETTER:
            return f"成政协函〔{self.year}〕{self.serial}号"
        return f"{self.year}年第{self.serial}期"


class MeetingRecord(models.Model):
    """The meeting an outcome document records (纪要): when, where, who presided, who attended."""

    outcome = models.OneToOneField(Outcome, on_delete=models.CASCADE, related_name="meeting")
    held_on = models.DateField(_("meeting date"), null=True, blank=True)
    place = models.CharField(_("meeting place"), max_length=100, blank=True)
    presiding = models.ForeignKey(
        "directory.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("presiding"),
    )
    attendees = models.ManyToManyField(
        "directory.Member", blank=True, related_name="+", verbose_name=_("present (from the directory)")
    )
    guests = models.TextField(
        _("present (others)"), blank=True, help_text=_("One per line, e.g. “县住房和城乡建设局 张明”.")
    )
    observers = models.TextField(_("attending without vote (列席)"), blank=True, help_text=_("One per line."))
    absent = models.TextField(_("on leave (请假)"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")

    def __str__(self):
        return f"{self.outcome} · {self.held_on or ''}"


history_labels.register(actions={
    "number_corrected": _("Document number corrected"), "meeting_recorded": _("Meeting record saved"),
    "reply_reclassified": _("Result class changed"),
})
