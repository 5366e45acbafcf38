"""Every step of a list in its event log, and in the core audit log."""

from wenlan.accounts.actors import acting_user
from wenlan.core import clock
from wenlan.core.audit import audit_record
from wenlan.core.models import AuditAction
from wenlan.rankings.models import ListEvent, ReadingList
from wenlan.rankings.panel.enums import ListAction


def list_event_record(*, actor, reading_list: ReadingList, action: str, detail: str = "") -> None:
    user = acting_user(actor)
    ListEvent.objects.create(
        reading_list=reading_list,
        at=clock.now(),
        actor=user,
        actor_label=user.get_username() if user else "system",
        action=action,
        detail=detail[:500],
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE if action == ListAction.CREATED else AuditAction.CHANGE,
        subject=reading_list,
        fields=[str(action)],
    )
