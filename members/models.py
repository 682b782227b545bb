"""What members do themselves: opinions asked of their groups, meetings they attend, 社情民意信息, points rules."""
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from history import labels as history_labels


class OpinionRequest(models.Model):
    """A candidate taken to one member activity group (R3): its members are asked for their own opinion."""

    topic = models.ForeignKey("topics.Topic", on_delete=models.PROTECT, related_name="opinion_requests",
                              verbose_name=_("topic"))
    member_group = models.ForeignKey("directory.MemberGroup", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("member activity group"))
    note = models.TextField(_("note"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "id"]
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        constraints = [models.UniqueConstraint(fields=["topic", "member_group"], name="opinionrequest_once_per_group")]

    def __str__(self):
        return f"{self.topic} · {self.member_group}"

    def get_absolute_url(self):
        return reverse("members:opinion-detail", args=[self.pk])

    @property
    def topic_status(self) -> str:
        """The state the step table reads: a member's opinion is open while the topic is a candidate."""
        return self.topic.status


class MeetingKind(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Standing committee meeting")
    CHAIR_MEETING = "chair_meeting", _("Chair meeting")
    PLENARY = "plenary", _("Plenary session")
    SYMPOSIUM = "symposium", _("Symposium with members")
    RESEARCH_ACTIVITY = "research_activity", _("Research activity")


# Unambiguous letters and digits (no 0/O, 1/I/L), read aloud at the venue.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_signin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Meeting(models.Model):
    """A committee meeting, symposium or research activity that members are expected at, with its sign-in code.

    A research activity points at the research stage's activity, whose attendance rows it keeps up to date."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    activity = models.OneToOneField(
        "research.Activity", on_delete=models.PROTECT, null=True, blank=True, related_name="meeting",
        verbose_name=_("research activity"),
    )
    signin_code = models.CharField(_("sign-in code"), max_length=12, unique=True, default=new_signin_code)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name = _("meeting or activity")
        verbose_name_plural = _("meetings and activities")
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="meeting_ends_after_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("members:meeting-detail", args=[self.pk])

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.starts_at

    @property
    def has_ended(self) -> bool:
        return timezone.now() > self.ends_at


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("Not yet confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    LEAVE_REQUESTED = "leave_requested", _("Leave requested")
    LEAVE_GRANTED = "leave_granted", _("Leave granted")
    LEAVE_REFUSED = "leave_refused", _("Leave refused")


class AttendanceSource(models.TextChoices):
    CODE = "code", _("Signed in with the code")
    STAFF = "staff", _("Recorded by staff")


# What each state means to the reader (chengwu_cppcc/tones.py): the badge colour follows it.
PARTICIPATION_TONES = {
    ParticipationStatus.INVITED: "waiting",
    ParticipationStatus.CONFIRMED: "done",
    ParticipationStatus.LEAVE_REQUESTED: "waiting",
    ParticipationStatus.LEAVE_GRANTED: "neutral",
    ParticipationStatus.LEAVE_REFUSED: "refused",
}


class Participation(models.Model):
    """One expected participant of one meeting: confirmation or leave (请假), then attendance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="participations")
    member = models.ForeignKey("directory.Member", on_delete=models.PROTECT, related_name="participations",
                               verbose_name=_("member"))
    status = models.CharField(_("status"), max_length=20, choices=ParticipationStatus.choices,
                              default=ParticipationStatus.INVITED, db_index=True)
    leave_reason = models.TextField(_("reason for leave"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attended_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    attendance_source = models.CharField(_("attendance taken by"), max_length=10, choices=AttendanceSource.choices,
                                         blank=True)
    spoke = models.BooleanField(_("spoke at the meeting"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "member_id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="participation_once_per_member")]

    def __str__(self):
        return f"{self.meeting} · {self.member}"

    def get_absolute_url(self):
        return reverse("members:activity-detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        return PARTICIPATION_TONES.get(self.status, "neutral")


class OpinionCategory(models.TextChoices):
    ECONOMY = "economy", _("Economy")
    LIVELIHOOD = "livelihood", _("Livelihood")
    ENVIRONMENT = "environment", _("Environment")
    GOVERNANCE = "governance", _("Social governance")
    CULTURE = "culture", _("Culture, education and health")
    OTHER = "other", _("Other")


class PublicOpinionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("public opinion status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("public opinion status", "Submitted")
    RETURNED = "returned", pgettext_lazy("public opinion status", "Returned for revision")
    REJECTED = "rejected", pgettext_lazy("public opinion status", "Not adopted")
    ADOPTED = "adopted", pgettext_lazy("public opinion status", "Adopted")


class AdoptionLevel(models.TextChoices):
    COUNTY = "county", _("County")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


PUBLIC_OPINION_TONES = {
    PublicOpinionStatus.DRAFT: "draft",
    PublicOpinionStatus.SUBMITTED: "waiting",
    PublicOpinionStatus.RETURNED: "refused",
    PublicOpinionStatus.REJECTED: "refused",
    PublicOpinionStatus.ADOPTED: "done",
}


class PublicOpinion(models.Model):
    """社情民意信息: a member's report of social conditions and public opinion, reviewed by the office."""

    author = models.ForeignKey("directory.Member", on_delete=models.PROTECT, related_name="public_opinions",
                               verbose_name=_("member"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    category = models.CharField(_("category"), max_length=20, choices=OpinionCategory.choices)
    attachment = models.FileField(_("attachment"), upload_to="public_opinions/%Y/", blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PublicOpinionStatus.choices,
                              default=PublicOpinionStatus.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_comment = models.TextField(_("comments for revision"), blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    adopted_level = models.CharField(_("adopted at level"), max_length=10, choices=AdoptionLevel.choices, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    # R2: an adopted item can be the origin of a candidate topic; the topic's lineage starts here.
    topic = models.ForeignKey("topics.Topic", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="public_opinions", verbose_name=_("candidate topic"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("public-opinion report")
        verbose_name_plural = _("public-opinion reports")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("members:public-opinion-detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        return PUBLIC_OPINION_TONES.get(self.status, "neutral")


class LeaderInstruction(models.Model):
    """领导批示 on a public-opinion report: who, when, what."""

    opinion = models.ForeignKey(PublicOpinion, on_delete=models.PROTECT, related_name="instructions")
    leader = models.CharField(_("leader"), max_length=100)
    instructed_on = models.DateField(_("date"))
    text = models.TextField(_("instruction"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instructed_on", "id"]
        verbose_name = _("leader's instruction")
        verbose_name_plural = _("leaders' instructions")

    def __str__(self):
        return f"{self.leader} · {self.instructed_on}"


class PointsKind(models.TextChoices):
    MEETING_ATTENDED = "meeting_attended", _("Meeting attended")
    LEAVE = "leave", _("Leave granted")
    ABSENT = "absent", _("Absent without leave")
    RESEARCH_ATTENDED = "research_attended", _("Research activity attended")
    OPINION_GIVEN = "opinion_given", _("Opinion on a candidate topic")
    PUBLIC_OPINION_SUBMITTED = "po_submitted", _("Public-opinion report submitted")
    PUBLIC_OPINION_COUNTY = "po_adopted_county", _("Public-opinion report adopted (county)")
    PUBLIC_OPINION_CITY = "po_adopted_city", _("Public-opinion report adopted (city)")
    PUBLIC_OPINION_PROVINCE = "po_adopted_province", _("Public-opinion report adopted (province)")
    PUBLIC_OPINION_NATIONAL = "po_adopted_national", _("Public-opinion report adopted (national)")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("Proposal submitted")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Proposal accepted")
    KEY_PROPOSAL = "key_proposal", _("Key proposal")
    SPEECH = "speech", _("Speech at a meeting")


class PointsRule(models.Model):
    """履职积分: the points one kind of event earns, capped per year (R14: the office edits the table)."""

    kind = models.CharField(_("event"), max_length=30, choices=PointsKind.choices, unique=True)
    points = models.IntegerField(_("points"))
    yearly_cap = models.PositiveIntegerField(_("yearly cap"), null=True, blank=True,
                                             help_text=_("Most points this kind earns in a year; empty: no cap."))

    class Meta:
        ordering = ["id"]
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.points}"


class RecordPolicy(models.Model):
    """The pass line of the yearly record and the sign-in window, in one editable row (R14)."""

    pass_line = models.PositiveIntegerField(_("pass line (points a year)"), default=60)
    signin_opens_minutes = models.PositiveSmallIntegerField(
        _("the sign-in code opens N minutes before the start"), default=30
    )

    class Meta:
        verbose_name = _("record policy")
        verbose_name_plural = _("record policy")

    def __str__(self):
        return str(_("Record policy"))

    @classmethod
    def current(cls) -> "RecordPolicy":
        """The saved row, or the defaults (read only: the rules page saves the row the first time)."""
        return cls.objects.order_by("id").first() or cls()


history_labels.register(
    actions={
        "opinion_requested": _("Taken to a member activity group"),
        "member_opinion_given": _("Member's opinion given"),
        "member_opinion_changed": _("Member's opinion changed"),
        "meeting_created": _("Meeting arranged"),
        "participation_confirmed": _("Participation confirmed"),
        "leave_requested": _("Leave requested"),
        "leave_granted": _("Leave granted"),
        "leave_refused": _("Leave refused"),
        "signed_in": _("Signed in with the code"),
        "attendance_recorded": _("Attendance recorded"),
        "po_created": _("Public-opinion report drafted"),
        "po_edited": _("Public-opinion report edited"),
        "po_submitted": _("Public-opinion report submitted"),
        "po_returned": _("Returned for revision"),
        "po_rejected": _("Not adopted"),
        "po_adopted": _("Public-opinion report adopted"),
        "po_instructed": _("Leader's instruction recorded"),
        "po_made_topic": _("Made into a candidate topic"),
        "points_rules_changed": _("Points rules changed"),
    },
    states=[*ParticipationStatus.choices, *PublicOpinionStatus.choices],
)
