"""Suspensions, staff blocks, fines, and the rules matrix."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can, library_scope
from wenlan.circulation import locks
from wenlan.circulation.enums import BlockKind, OverdueRule, RenewalBase
from wenlan.circulation.errors import PolicyInvalidError
from wenlan.circulation.models import Block, Fine, Policy
from wenlan.circulation.permissions import ensure_desk
from wenlan.circulation.policies import suspension_until
from wenlan.core import audit, clock
from wenlan.core.cache import process_cache_clear
from wenlan.core.errors import NotFoundError, PermissionDeniedError, ValidationError
from wenlan.core.models import AuditAction
from wenlan.patrons.models import Reader


def suspension_extend(*, reader_id: int, days: int, today: dt.date) -> dt.date:
    """Runs inside a return, the item locked: one running suspension per reader,
    extended. The reader's row is locked first and the running suspension read
    after it, so two late returns at once add up instead of starting two (the
    return has set the lock timeout)."""
    locks.reader_lock(reader_id=reader_id)
    block = (
        Block.objects.select_for_update()
        .filter(
            reader_id=reader_id,
            kind=BlockKind.SUSPENSION,
            cleared_at__isnull=True,
            until__gte=today,
        )
        .order_by("-until")
        .first()
    )
    until = suspension_until(today=today, days=days, current=block.until if block else None)
    if block is None:
        Block.objects.create(
            reader_id=reader_id,
            kind=BlockKind.SUSPENSION,
            starts_on=today,
            until=until,
            created_at=clock.now(),
            reason=_("逾期归还"),
        )
    else:
        block.until = until
        block.save(update_fields=["until"])
    return until


@transaction.atomic
def block_add(
    *, actor, library_id: int, reader_id: int, reason: str, until: dt.date | None = None
) -> Block:
    ensure_desk(actor, library_id=library_id)
    reader = Reader.objects.filter(pk=reader_id).first()
    if reader is None:
        raise NotFoundError()
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写限制原因。"), field="reason")
    today = clock.today()
    if until is not None and until < today:
        raise ValidationError(_("截止日期不能早于今天。"), field="until")
    block = Block.objects.create(
        reader=reader,
        kind=BlockKind.MANUAL,
        reason=reason[:200],
        starts_on=today,
        until=until,
        created_at=clock.now(),
        created_by=acting_user(actor),
    )
    audit.audit_record(
        actor=acting_user(actor), action=AuditAction.CHANGE, subject=reader, fields=["block"]
    )
    return block


@transaction.atomic
def block_clear(*, actor, library_id: int, block_id: int) -> Block:
    ensure_desk(actor, library_id=library_id)
    block = Block.objects.select_for_update().filter(pk=block_id).first()
    if block is None:
        raise NotFoundError()
    if block.cleared_at is None:
        block.cleared_at, block.cleared_by = clock.now(), acting_user(actor)
        block.save(update_fields=["cleared_at", "cleared_by"])
        audit.audit_record(
            actor=acting_user(actor),
            action=AuditAction.CHANGE,
            subject=block.reader,
            fields=["block"],
        )
    return block


@transaction.atomic
def fine_settle(*, actor, library_id: int, fine_id: int) -> Fine:
    """Paid at the desk or waived: either way nothing more is owed."""
    ensure_desk(actor, library_id=library_id)
    fine = Fine.objects.select_for_update().filter(pk=fine_id).first()
    if fine is None:
        raise NotFoundError()
    if fine.settled_at is None:
        fine.settled_at = clock.now()
        fine.save(update_fields=["settled_at"])
    return fine


@dataclass(frozen=True)
class PolicyRow:
    """One row of the matrix as staff edit it; `id` None for a new row."""

    id: int | None
    library_id: int | None
    reader_category: str
    item_type: str
    loanable: bool
    loan_days: int
    max_loans: int
    renewals: int
    holds_allowed: bool
    hold_shelf_days: int
    max_overdue: int
    overdue_rule: str
    fine_per_day: Decimal
    fine_cap: Decimal
    suspension_days_per_day: int
    renewal_base: str = RenewalBase.DUE_DATE
    delete: bool = False


def _ensure_policy_scope(actor, library_id: int | None) -> None:
    scope = library_scope(actor, Perm.POLICY_CHANGE)
    if scope is None:
        return
    if library_id is None or library_id not in scope:
        raise PermissionDeniedError()


@transaction.atomic
def policy_table_save(*, actor, rows: list[PolicyRow]) -> list[Policy]:
    """Save the whole matrix as edited on one page: all rows or none."""
    ensure_can(actor, Perm.POLICY_CHANGE)
    existing = {p.pk: p for p in Policy.objects.select_for_update().order_by("pk")}
    saved: list[Policy] = []
    for row in rows:
        if row.overdue_rule not in OverdueRule.values:
            raise PolicyInvalidError(field="overdue_rule")
        if row.renewal_base not in RenewalBase.values:
            raise PolicyInvalidError(field="renewal_base")
        if row.loan_days < 1 or row.max_overdue < 1:
            raise PolicyInvalidError(_("借期和停借册数至少为 1。"))
        if row.fine_per_day < 0 or row.fine_cap < 0:
            raise PolicyInvalidError(_("罚款金额不能为负数。"))
        policy = existing.get(row.id) if row.id is not None else None
        if row.id is not None and policy is None:
            raise NotFoundError()
        if policy is not None:
            _ensure_policy_scope(actor, policy.library_id)
        _ensure_policy_scope(actor, row.library_id)
        if row.delete:
            if policy is not None:
                policy.delete()
            continue
        values = {k: v for k, v in row.__dict__.items() if k not in ("id", "delete")}
        if policy is None:
            policy = Policy(**values)
        else:
            for name, value in values.items():
                setattr(policy, name, value)
        saved.append(policy)
    # Deleted rows are gone before any save, so a new row may take their place.
    try:
        with transaction.atomic():
            for policy in saved:
                policy.save()
    except IntegrityError as error:
        raise PolicyInvalidError(_("同一图书馆、读者类型和流通类型只能有一条规则。")) from error
    transaction.on_commit(process_cache_clear)
    return saved
