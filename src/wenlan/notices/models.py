from django.db import models
from django.utils.translation import gettext_lazy as _

from wenlan.notices.enums import NoticeKind


class Notice(models.Model):
    """A notice to a reader, of any kind: shown in the reader's inbox and delivered
    by e-mail (and SMS, where the operator has set it up). The unique key makes each
    notice happen once. `params` holds what the text needs, captured when the notice
    is made; a value that reads differently in each language is stored as
    {"zh-hans": ..., "en": ...}, so the text is rendered in the reader's language."""

    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=24, choices=NoticeKind.choices)
    key = models.CharField(_("去重键"), max_length=100)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    texted_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="notices_notice_once"),
        ]
        indexes = [models.Index(fields=["reader", "-created_at"], name="notice_reader_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
