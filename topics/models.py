"""Annual consultation plans and their topics (R1–R3, R14)."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengwu_cppcc.links import pk_url
from history import labels as history_labels


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    ADOPTED = "adopted", pgettext_lazy("plan status", "Adopted")


class Plan(models.Model):
    """年度协商计划: one per year; quotas come from the year's documents (R14)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    party_quota = models.PositiveSmallIntegerField(_("party/government topics quota"), default=2)
    annual_quota = models.PositiveSmallIntegerField(_("annual consultation topics quota"), default=10)
    candidate_target = models.PositiveSmallIntegerField(_("target number of candidates"), default=20)
    notes = models.TextField(_("notes"), blank=True)
    adopted_on = models.DateField(_("adopted at the standing committee on"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual consultation plan")
        verbose_name_plural = _("annual consultation plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("topics:plan-board-year", args=[self.year])

    @property
    def is_locked(self) -> bool:
        return self.status == PlanStatus.ADOPTED

    def quota_for(self, track: str) -> int:
        return self.party_quota if track == Track.PARTY_GOVERNMENT else self.annual_quota


class PlanAmendment(models.Model):
    """A change to an adopted plan, with its reason."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"), default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("plan amendment")
        verbose_name_plural = _("plan amendments")

    def __str__(self):
        return f"{self.plan} · {self.created_at:%Y-%m-%d}"


class Source(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("County party committee")
    GOVERNMENT = "government", _("County government")
    SPECIAL_COMMITTEE = "special_committee", _("Special committee")


class Track(models.TextChoices):
    PARTY_GOVERNMENT = "party_government", _("Party/government topic")
    ANNUAL = "annual", _("Annual consultation topic")


class Origin(models.TextChoices):
    MEMBER_PROPOSAL = "member_proposal", _("Member proposal")
    PUBLIC_OPINION = "public_opinion", _("Social conditions and public opinion report")
    MEMBER_SYMPOSIUM = "member_symposium", _("Symposium with members")
    PLENARY = "plenary", _("Party plenary session")
    GOVERNMENT_REPORT = "government_report", _("Government work report")
    PARTY_GOVERNMENT = "party_government", _("Proposed by the party committee and government")
    OTHER = "other", _("Other")


class Domain(models.TextChoices):
    INDUSTRY = "industry", _("Industry")
    AGRICULTURE = "agriculture", _("Agriculture")
    SERVICES = "services", _("Services")
    URBAN = "urban", _("Urban construction and management")
    LIVELIHOOD = "livelihood", _("Livelihood")
    OTHER = "other", _("Other")


class ConsultationType(models.TextChoices):
    SPECIAL = "special", _("Special consultation")
    COUNTERPART = "counterpart", _("Counterpart consultation")
    SECTOR = "sector", _("Sector consultation")
    PROPOSAL = "proposal", _("Proposal consultation")


class TopicStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")
    WITHDRAWN = "withdrawn", _("Withdrawn")




def track_for_source(source: str) -> str:
    return Track.ANNUAL if source == Source.SPECIAL_COMMITTEE else Track.PARTY_GOVERNMENT


class Topic(models.Model):
    """A consultation topic, from candidate to the standing committee's decision."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="topics", verbose_name=_("plan"))
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices, editable=False)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    origin_reference = models.CharField(_("origin reference"), max_length=300, blank=True)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    consultation_type = models.CharField(_("consultation type"), max_length=20, choices=ConsultationType.choices)
    committee = models.ForeignKey(
        "directory.SpecialCommittee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("proposing special committee"),
    )
    vice_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics_in_charge",
        verbose_name=_("vice-chair in charge"),
    )
    rationale = models.TextField(_("rationale"))
    status = models.CharField(
        _("status"), max_length=20, choices=TopicStatus.choices, default=TopicStatus.CANDIDATE, db_index=True
    )
    # The chair meeting's shortlist is a recommendation, kept apart from the decision (status).
    shortlisted_on = models.DateField(_("chair meeting date"), null=True, blank=True)
    shortlist_note = models.TextField(_("chair meeting note"), blank=True)
    adopted_on = models.DateField(_("standing committee meeting date"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_topics", verbose_name=_("merged into")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [models.Index(fields=["plan", "track", "status"], name="topic_plan_track_status_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return pk_url("topics:topic-detail", self.pk)

    @property
    def status_tone(self) -> str:
        """What the state means to the reader (chengwu_cppcc/tones.py: one mapping for every object)."""
        from chengwu_cppcc.tones import tone_for

        return tone_for(self._meta.label_lower, self.status)


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    NEUTRAL = "neutral", _("Neutral")
    OPPOSE = "oppose", _("Oppose")


class TopicOpinion(models.Model):
    """An opinion on a candidate from a member activity group (R3): a member's own, one a symposium heard from a
    member (recorded on their behalf), or the group's as a whole (no member)."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("topic"))
    member_group = models.ForeignKey(
        "directory.MemberGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("member activity group")
    )
    member = models.ForeignKey(
        "directory.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="topic_opinions",
        verbose_name=_("member"),
    )
    on_behalf = models.BooleanField(_("recorded on the member's behalf"), default=False)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    comment = models.TextField(_("comment"), blank=True)
    held_on = models.DateField(_("symposium date"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("member group opinion")
        verbose_name_plural = _("member group opinions")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "member"], condition=models.Q(member__isnull=False), name="topicopinion_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member_group} · {self.get_stance_display()}"


history_labels.register(
    actions={
        "plan_created": _("Plan created"),
        "plan_updated": _("Plan edited"),
        "plan_amended": _("Plan amended"),
        "plan_adopted": _("Plan adopted by the standing committee"),
        "topics_shortlisted": _("Chair meeting shortlisted topics"),
        "topics_adopted": _("Standing committee adopted topics"),
        "created": _("Recorded"),
        "edited": _("Edited"),
        "opinion_recorded": _("Member group opinion recorded"),
        "shortlisted": _("Shortlisted by the chair meeting"),
        "adopted": _("Adopted by the standing committee"),
        "rejected": _("Rejected"),
        "merged": _("Merged into another topic"),
        "absorbed": _("Absorbed a merged candidate"),
    },
    states=[*TopicStatus.choices, *PlanStatus.choices],
)
