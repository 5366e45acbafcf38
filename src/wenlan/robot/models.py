"""A conversation with the robot and its turns (one question, one answer each).

A conversation belongs to a signed-in reader or, for a visitor, to their browser
session, kept only as a hash of the session key. Questions are stored cut to
`policies.QUESTION_MAX_CHARS`, and a conversation keeps its last
`policies.TURNS_KEPT` turns."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wenlan.robot.enums import Feedback, Intent


class Conversation(models.Model):
    reader = models.ForeignKey(
        "patrons.Reader",
        verbose_name=_("读者"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="robot_conversations",
    )
    visitor_key = models.CharField(_("访客会话摘要"), max_length=64, blank=True, db_index=True)
    language = models.CharField(_("语言"), max_length=8)
    started_at = models.DateTimeField(_("开始时间"))
    turns_asked = models.PositiveIntegerField(_("提问次数"), default=0)

    class Meta:
        verbose_name = _("机器人对话")
        verbose_name_plural = _("机器人对话")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reader__isnull=False) | ~models.Q(visitor_key=""),
                name="robot_conversation_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Turn(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="turns", verbose_name=_("对话")
    )
    position = models.PositiveIntegerField(_("序号"))
    question = models.CharField(_("问题"), max_length=2000, blank=True)
    answer = models.TextField(_("回答"), blank=True)
    sources = models.JSONField(_("来源"), default=list, blank=True)
    confidence = models.FloatField(_("置信度"), default=0.0)
    answered = models.BooleanField(_("已回答"), default=False)
    intent = models.CharField(_("意图"), max_length=16, choices=Intent.choices)
    feedback = models.CharField(_("评价"), max_length=16, choices=Feedback.choices, blank=True)
    feedback_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    # The reference question this turn was handed over as, and where its asker
    # follows it: the id and address `question_ask` gave back (reference keeps the
    # question; its erasure is reference's).
    handover_question_id = models.BigIntegerField(_("转给馆员的问题编号"), null=True, blank=True)
    handover_url = models.CharField(_("跟进问题的地址"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提问时间"))

    class Meta:
        verbose_name = _("机器人问答")
        verbose_name_plural = _("机器人问答")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "position"], name="robot_turn_one_per_position"
            )
        ]
        indexes = [
            models.Index(fields=["answered", "created_at"], name="robot_turn_answered"),
            models.Index(fields=["feedback", "created_at"], name="robot_turn_feedback"),
        ]

    def __str__(self) -> str:
        return f"#{self.conversation_id}.{self.position}"
