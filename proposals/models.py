"""委员提案: a proposal drafted by a member (alone, jointly with co-signers, or for a collective body), submitted
to the committee office, then accepted (立案, with its number), not accepted, or merged into another. The
handling half reuses the outcomes' machinery: an accepted proposal is forwarded as an outcomes.Matter, whose
assignments, replies (with a result class A/B/C) and the proposer's evaluation are the outcomes' own."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chengwu_cppcc.links import pk_url
from history import labels as history_labels


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal status", "Draft")
    COSIGNING = "cosigning", pgettext_lazy("proposal status", "Awaiting co-signers")
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("proposal status", "Not accepted")
    MERGED = "merged", pgettext_lazy("proposal status", "Merged")


class ProposalKind(models.TextChoices):
    INDIVIDUAL = "individual", pgettext_lazy("proposal kind", "Individual")
    JOINT = "joint", pgettext_lazy("proposal kind", "Joint")
    COLLECTIVE = "collective", pgettext_lazy("proposal kind", "Collective")


class ProposalSession(models.TextChoices):
    PLENARY = "plenary", pgettext_lazy("proposal session", "During the plenary session")
    BETWEEN = "between", pgettext_lazy("proposal session", "Between sessions")


class ProposalCategory(models.TextChoices):
    ECONOMY = "economy", pgettext_lazy("proposal category", "Economic development")
    POLITICS = "politics", pgettext_lazy("proposal category", "Political development")
    CULTURE = "culture", pgettext_lazy("proposal category", "Culture, education and health")
    SOCIETY = "society", pgettext_lazy("proposal category", "Social development")
    ECOLOGY = "ecology", pgettext_lazy("proposal category", "Ecological conservation")
    OTHER = "other", pgettext_lazy("proposal category", "Other")


class Conversion(models.TextChoices):
    PUBLIC_OPINION = "public_opinion", pgettext_lazy("proposal conversion", "Public-opinion report")
    LETTER = "letter", pgettext_lazy("proposal conversion", "Letter to a department")


class CoSignerStatus(models.TextChoices):
    INVITED = "invited", pgettext_lazy("co-signer status", "Invited")
    CONFIRMED = "confirmed", pgettext_lazy("co-signer status", "Confirmed")
    DECLINED = "declined", pgettext_lazy("co-signer status", "Declined")


class RejectionReason(models.Model):
    """Why a proposal is not accepted (不予立案理由): a list the office keeps in the admin."""

    name = models.CharField(_("reason"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("reason for not accepting a proposal")
        verbose_name_plural = _("reasons for not accepting a proposal")

    def __str__(self):
        return self.name


class Proposal(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    number = models.PositiveIntegerField(_("proposal number"), null=True, blank=True)  # 案号, given on acceptance
    title = models.CharField(_("subject"), max_length=200)  # 案由
    analysis = models.TextField(_("analysis of the situation"))  # 情况分析
    suggestions = models.TextField(_("specific suggestions"))  # 具体建议
    suggested_departments = models.ManyToManyField("directory.Department", blank=True, related_name="+",
                                                   verbose_name=_("suggested handling departments"))
    kind = models.CharField(_("kind"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.INDIVIDUAL)
    collective_body = models.CharField(_("collective body"), max_length=100, blank=True)
    session = models.CharField(_("session"), max_length=10, choices=ProposalSession.choices,
                               default=ProposalSession.BETWEEN)
    proposer = models.ForeignKey("directory.Member", on_delete=models.PROTECT, related_name="proposals",
                                 verbose_name=_("proposer"))
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT, db_index=True)
    may_publish = models.BooleanField(_("may be published to all members"), default=True)
    no_publish_reason = models.CharField(_("why not to be published"), max_length=300, blank=True)
    cosign_deadline = models.DateField(_("co-signing deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=ProposalCategory.choices, blank=True)
    suggested_handling = models.TextField(_("suggested handling"), blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    rejection_reason = models.ForeignKey(RejectionReason, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("reason for not accepting"))
    converted_to = models.CharField(_("converted to"), max_length=20, choices=Conversion.choices, blank=True)
    public_opinion = models.ForeignKey("members.PublicOpinion", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("public-opinion report"))
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_proposals", verbose_name=_("merged into"))
    # R2: an accepted proposal can be the origin of a candidate topic; the topic's lineage starts here.
    topic = models.ForeignKey("topics.Topic", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="origin_proposals", verbose_name=_("candidate topic"))
    # R12: the 提案协商 topics that consult on it.
    consulted_in = models.ManyToManyField("topics.Topic", blank=True, related_name="consulted_proposals",
                                          verbose_name=_("consulted in"))
    # 交办: the forwarded matter its departments' assignments and replies belong to (outcomes.Matter).
    matter = models.OneToOneField("outcomes.Matter", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("forwarded matter"))
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forwarding_note = models.CharField(_("forwarding instruction"), max_length=300, blank=True)
    is_key = models.BooleanField(_("key proposal"), default=False)
    key_leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("supervising leader"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], condition=models.Q(number__isnull=False),
                                    name="proposal_number_unique_per_year"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return pk_url("proposals:detail", self.pk)

    @property
    def is_published(self) -> bool:
        """Readable and searchable by every member: accepted, and the proposer agreed to publication."""
        return self.status == ProposalStatus.ACCEPTED and self.may_publish

    @property
    def number_label(self) -> str:
        """案号 as printed: 2026-001, or empty before acceptance."""
        return f"{self.year}-{self.number:03d}" if self.number else ""


class CoSigner(models.Model):
    """联名人: a member invited to sign a joint proposal; only confirmed ones count. A merge brings the merged
    proposal's proposer and confirmed co-signers onto the target, confirmed, with `merged_from` set."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    member = models.ForeignKey("directory.Member", on_delete=models.PROTECT, related_name="cosignatures",
                               verbose_name=_("member"))
    status = models.CharField(_("status"), max_length=10, choices=CoSignerStatus.choices,
                              default=CoSignerStatus.INVITED)
    is_co_proposer = models.BooleanField(_("co-proposer"), default=False)
    merged_from = models.ForeignKey(Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="cosigner_once_per_proposal")]

    def __str__(self):
        return f"{self.proposal} · {self.member}"


history_labels.register(
    actions={
        "proposal_created": _("Proposal drafted"),
        "proposal_edited": _("Proposal edited"),
        "proposal_invited": _("Co-signers invited"),
        "proposal_reinvited": _("Co-signers invited again"),
        "proposal_redrafted": _("Back to the draft to change the co-signers"),
        "proposal_submitted": _("Proposal submitted"),
        "proposal_cosigned": _("Co-signing confirmed"),
        "proposal_declined": _("Co-signing declined"),
        "proposal_accepted": _("Proposal accepted"),
        "proposal_rejected": _("Proposal not accepted"),
        "proposal_merged": _("Proposal merged"),
        "proposal_merged_in": _("Another proposal merged in"),
        "proposal_marked_key": _("Marked as a key proposal"),
        "proposal_made_topic": _("Made into a candidate topic"),
        "proposal_consulted_in": _("Added to a proposal consultation"),
        "proposal_forwarded": _("Proposal forwarded to the departments"),
    },
    states=ProposalStatus.choices,
)
