from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.o2o.enums import HandOnStatus


class HandOnOffer(models.Model):
    """悦享: a reader's offer to hand one of their loans on to another reader, by a
    short code (or its QR link) anyone may accept, or to a reader named by card.
    Accepting moves the loan (circulation.services.handon); the offer keeps who gave,
    who took, and the loan each holds, so each sees only their own part."""

    code = models.CharField(_("转借码"), max_length=16, unique=True)
    loan = models.ForeignKey(
        "circulation.Loan", verbose_name=_("转出的借阅"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("单册"), on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目记录"), on_delete=models.PROTECT, related_name="+"
    )
    giver = models.ForeignKey(
        "patrons.Reader", verbose_name=_("转出读者"), on_delete=models.PROTECT, related_name="+"
    )
    # Named when the offer is made (by card), or the reader who accepted it.
    receiver = models.ForeignKey(
        "patrons.Reader",
        verbose_name=_("接收读者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    named = models.BooleanField(_("指定接收读者"), default=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=HandOnStatus.choices, default=HandOnStatus.OPEN
    )
    created_at = models.DateTimeField(_("发起时间"))
    expires_at = models.DateTimeField(_("有效期至"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    new_loan = models.ForeignKey(
        "circulation.Loan",
        verbose_name=_("接收读者的借阅"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("悦享转借")
        verbose_name_plural = _("悦享转借")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan"],
                condition=Q(status="open"),
                name="o2o_handon_one_open_offer_per_loan",
            ),
            models.UniqueConstraint(
                fields=["loan"],
                condition=Q(status="accepted"),
                name="o2o_handon_one_acceptance_per_loan",
            ),
        ]
        indexes = [
            models.Index(fields=["giver", "created_at"], name="o2o_handon_giver"),
            models.Index(fields=["receiver", "created_at"], name="o2o_handon_receiver"),
        ]

    def __str__(self) -> str:
        return self.code
