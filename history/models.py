"""One table of history entries for every workflow object."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEntry(models.Model):
    """A recorded step: actor, time, action, state before and after, and what changed."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # The topic whose lifecycle this step belongs to, so a topic's whole timeline is one query.
    topic_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("actor")
    )
    action = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("from state"), max_length=30, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="history_subject_idx")]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}"

    def _model_key(self) -> tuple[str, str]:
        content_type = ContentType.objects.get_for_id(self.content_type_id)  # cached: no query per entry
        return content_type.app_label, content_type.model

    @property
    def action_label(self) -> str:
        from .labels import action_label

        return action_label(self._model_key()[1], self.action)

    @property
    def to_state_label(self) -> str:
        from .labels import state_label

        return state_label(*self._model_key(), self.to_state) if self.to_state else ""

    @property
    def state_badge(self) -> str:
        """The state label to show beside the action, or "" when the action label already says it."""
        from .labels import state_adds

        label = self.to_state_label
        return label if state_adds(self.action_label, label) else ""
