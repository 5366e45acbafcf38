"""The expert panel: a list (occasion, date, theme in both languages, size, the
period and category it draws on, its chair), its candidates, its round of scoring
(invitations, conflicts of interest, scores), and the event log of every step. A
list has one round; the round's results and the chair's selection are kept on the
candidates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.i18n import translated
from wenlan.core.models import slug_validator
from wenlan.rankings.enums import Category
from wenlan.rankings.models.feeds import RankingRun, Work
from wenlan.rankings.panel.enums import (
    CandidateOrigin,
    ListAction,
    ListStatus,
    Occasion,
    RoundStatus,
)

USER = settings.AUTH_USER_MODEL


class ReadingList(models.Model):
    slug = models.CharField(_("标识"), max_length=80, unique=True, validators=[slug_validator])
    occasion = models.CharField(_("时机"), max_length=16, choices=Occasion.choices)
    date = models.DateField(_("发布日期"))
    theme_zh = models.CharField(_("主题"), max_length=200)
    theme_en = models.CharField(_("英文主题"), max_length=200)
    size = models.PositiveSmallIntegerField(_("入选书数"))
    period = models.CharField(_("期间"), max_length=7)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    chair = models.ForeignKey(
        USER, verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT)
    ranking_run = models.ForeignKey(
        RankingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("推荐书单")
        verbose_name_plural = _("推荐书单")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.theme_zh

    @property
    def theme(self) -> str:
        return translated(self, "theme")


class Round(models.Model):
    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="rounds")
    status = models.CharField(
        max_length=8, choices=RoundStatus.choices, default=RoundStatus.PENDING
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reading_list"], name="rankings_one_round_per_list")
        ]

    def __str__(self) -> str:
        return f"{self.reading_list_id} ({self.status})"


class Candidate(models.Model):
    reading_list = models.ForeignKey(
        ReadingList, on_delete=models.CASCADE, related_name="candidates"
    )
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=10, choices=CandidateOrigin.choices)
    ranking_rank = models.PositiveIntegerField(null=True, blank=True)
    ranking_score = models.FloatField(null=True, blank=True)
    nominated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("提名理由"), blank=True)
    added_at = models.DateTimeField()
    # The round's result, written when it closes (policies.round_result).
    score_count = models.PositiveSmallIntegerField(default=0)
    score_mean = models.FloatField(null=True, blank=True)  # trimmed mean
    score_min = models.PositiveSmallIntegerField(null=True, blank=True)
    score_max = models.PositiveSmallIntegerField(null=True, blank=True)
    score_std = models.FloatField(null=True, blank=True)
    result_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    # The chair's selection: the place on the published list, and why.
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    recommendation_zh = models.TextField(_("推荐语"), blank=True)
    recommendation_en = models.TextField(_("英文推荐语"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reading_list", "work"], name="rankings_candidate_once"
            ),
            models.UniqueConstraint(
                fields=["reading_list", "position"],
                condition=Q(position__isnull=False),
                name="rankings_one_book_per_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reading_list_id}: {self.work_id}"

    @property
    def recommendation(self) -> str:
        return translated(self, "recommendation")


class Invitation(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    expert = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField()
    invited_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "expert"], name="rankings_invited_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.expert_id}"


class Conflict(models.Model):
    """An expert's declared conflict of interest with a candidate: they do not score it."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="conflicts")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="conflicts")
    note = models.TextField(_("说明"))
    declared_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "candidate"], name="rankings_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.candidate_id}"


class Score(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="scores")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("分数"))
    comment = models.TextField(_("评语"), blank=True)
    scored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "candidate"], name="rankings_score_once"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=10), name="rankings_score_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.candidate_id}"


class ListEvent(models.Model):
    """Every step of a list, who took it and when (scores' values are not written here)."""

    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=16, choices=ListAction.choices)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"
