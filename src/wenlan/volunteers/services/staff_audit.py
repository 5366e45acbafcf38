"""The audit entry of a coordinator's change to a volunteer's data, in the
service's transaction. The log records staff access to personal data: what the
system does (a batch, the demo's loader, as `accounts.actors.SYSTEM`) is no
staff member's access and leaves none."""

from django.db.models import Model

from wenlan.accounts.actors import acting_user
from wenlan.core import audit
from wenlan.core.models import AuditAction


def staff_audit(*, actor, action: AuditAction, subject: Model, fields: list[str]) -> None:
    user = acting_user(actor)
    if user is not None:
        audit.audit_record(actor=user, action=action, subject=subject, fields=fields)
