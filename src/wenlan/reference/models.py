"""A reader's question to a librarian (Question), the sources of its answer
(QuestionSource), librarians' internal notes (QuestionNote), its referrals to
partner libraries (Referral), which network partners are in the reference alliance
(AllianceMember), and the service level per category (CategoryServiceLevel)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wenlan.accounts.enums import Language
from wenlan.reference.enums import (
    QuestionCategory,
    QuestionChannel,
    QuestionStatus,
    ReferralStatus,
)

_working_days = [MinValueValidator(1), MaxValueValidator(60)]


class AllianceMember(models.Model):
    """A network partner in the reference alliance: questions may be referred to it,
    and its librarians (Role.REFERENCE_PARTNER) and API key answer them and file
    questions for its own readers."""

    partner = models.OneToOneField(
        "network.Partner", verbose_name=_("合作机构"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("接受转介"), default=True)
    referral_due_working_days = models.PositiveSmallIntegerField(
        _("转介答复时限（工作日）"),
        null=True,
        blank=True,
        validators=_working_days,
        help_text=_("不填则按 WENLAN_REFERENCE_REFERRAL_DUE_WORKING_DAYS。"),
    )
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("咨询联盟成员")
        verbose_name_plural = _("咨询联盟成员")
        ordering = ["partner_id"]

    def __str__(self) -> str:
        return str(self.partner)


class CategoryServiceLevel(models.Model):
    """The due time of one category's questions, overriding
    WENLAN_REFERENCE_DUE_WORKING_DAYS (set in the admin)."""

    category = models.CharField(
        _("类别"), max_length=16, choices=QuestionCategory.choices, unique=True
    )
    due_working_days = models.PositiveSmallIntegerField(
        _("答复时限（工作日）"), validators=_working_days
    )

    class Meta:
        verbose_name = _("咨询服务时限")
        verbose_name_plural = _("咨询服务时限")
        ordering = ["category"]

    def __str__(self) -> str:
        return self.get_category_display()


class Question(models.Model):
    """Asked by a reader (`asker`), a visitor (contact name and e-mail, followed by
    the private link with `access_token`) or a partner library for one of its
    readers (`partner`, `on_behalf_of`)."""

    asker = models.ForeignKey(
        "patrons.Reader",
        verbose_name=_("读者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    access_token = models.CharField(_("访问令牌"), max_length=64, blank=True, editable=False)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("代为提问的合作馆"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.CharField(_("合作馆读者"), max_length=200, blank=True)
    text = models.TextField(_("问题"))
    language = models.CharField(
        _("语言"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    category = models.CharField(
        _("类别"), max_length=16, choices=QuestionCategory.choices, default=QuestionCategory.OTHER
    )
    channel = models.CharField(
        _("渠道"), max_length=8, choices=QuestionChannel.choices, default=QuestionChannel.WEB
    )
    transcript = models.TextField(_("机器人对话记录"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    due_at = models.DateTimeField(_("答复期限"))
    assignee = models.ForeignKey(
        "accounts.User",
        verbose_name=_("受理馆员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("答复馆员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    asked_mailed_at = models.DateTimeField(_("确认邮件发送时间"), null=True, blank=True)
    answer_mailed_at = models.DateTimeField(_("答复邮件发送时间"), null=True, blank=True)
    faq_url = models.CharField(_("已发布为常见问题"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("提问时间"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("读者咨询")
        verbose_name_plural = _("读者咨询")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["access_token"],
                condition=~Q(access_token=""),
                name="reference_question_token_unique",
            ),
            models.CheckConstraint(
                condition=Q(asker__isnull=False) | ~Q(access_token=""),
                name="reference_question_followable",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="reference_question_queue"),
            models.Index(fields=["asker", "created_at"], name="reference_question_asker"),
            models.Index(fields=["assignee", "status"], name="reference_question_mine"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.text[:40]}"

    def get_absolute_url(self) -> str:
        """Where the asker follows it: a reader's own page, else the private link."""
        if self.asker_id is not None:
            return reverse("reference:my_question", args=[self.pk])
        return reverse("reference:question_private", args=[self.access_token])

    @property
    def answer_visible(self) -> bool:
        """The asker reads the answer once it is given (and after the question is closed)."""
        return bool(self.answer) and self.status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED)


class QuestionSource(models.Model):
    """A source the answer cites."""

    question = models.ForeignKey(
        Question, verbose_name=_("咨询"), on_delete=models.CASCADE, related_name="sources"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("题名"), max_length=300)
    publisher = models.CharField(_("出版者或发布机构"), max_length=200, blank=True)
    url = models.URLField(_("网址"), max_length=500, blank=True)
    date = models.CharField(_("日期"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("答复来源")
        verbose_name_plural = _("答复来源")
        ordering = ["question_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class QuestionNote(models.Model):
    """A librarian's internal note on a question; the asker never sees it."""

    question = models.ForeignKey(
        Question, verbose_name=_("咨询"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("馆员"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("备注"))
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("咨询内部备注")
        verbose_name_plural = _("咨询内部备注")
        ordering = ["question_id", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class Referral(models.Model):
    """A question passed to an alliance partner, tracked until it answers; the
    librarian then answers the reader."""

    question = models.ForeignKey(
        Question, verbose_name=_("咨询"), on_delete=models.CASCADE, related_name="referrals"
    )
    partner = models.ForeignKey(
        "network.Partner", verbose_name=_("合作馆"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("转介说明"), blank=True)
    sent_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("转介馆员"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("转介时间"))
    due_at = models.DateTimeField(_("答复期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    mailed_at = models.DateTimeField(_("通知合作馆时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("逾期提醒合作馆时间"), null=True, blank=True)
    answer = models.TextField(_("合作馆答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(status="sent"),
                name="reference_referral_one_open_per_question",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status", "due_at"], name="reference_referral_partner"),
            models.Index(fields=["status", "due_at"], name="reference_referral_due"),
        ]

    def __str__(self) -> str:
        return f"#{self.question_id} → {self.partner}"
