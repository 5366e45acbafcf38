from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportLease(models.Model):
    """Who is exporting: one export at a time, so that one export's clean-up never
    removes the files another is writing. Taken by a conditional update (a claim),
    renewed after every batch, given back at the end; a process that died loses it
    when it expires."""

    name = models.CharField(max_length=32, unique=True)
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("导出租约")
        verbose_name_plural = _("导出租约")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or '-'} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
