"""Staff keep the 悦读 rules (the network's and each store's) and enrol the partner
bookstores that take part."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import ConflictError, NotFoundError, ValidationError
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.o2o.models import Bookstore, BookstoreRule
from wenlan.o2o.permissions import ensure_manage


@dataclass(frozen=True)
class RuleValues:
    monthly_limit: int
    max_age_years: int
    price_cap: Decimal
    max_network_copies: int
    excluded_clc: str
    excluded_keywords: str
    budget_per_month: Decimal


def _checked(values: RuleValues) -> RuleValues:
    if values.price_cap <= 0:
        raise ValidationError(_("定价上限须大于零。"), field="price_cap")
    if values.budget_per_month < 0:
        raise ValidationError(_("额度不能为负数。"), field="budget_per_month")
    if values.max_network_copies < 1:
        raise ValidationError(field="max_network_copies")
    return values


@transaction.atomic
def bookstore_rule_save(*, actor, bookstore_id: int | None, values: RuleValues) -> BookstoreRule:
    """Create or change the rule row of a store (`bookstore_id`) or of the network (None)."""
    bookstore = None
    if bookstore_id is not None:
        bookstore = Bookstore.objects.filter(pk=bookstore_id).first()
        if bookstore is None:
            raise NotFoundError()
    ensure_manage(actor, store_id=bookstore.library_id if bookstore else None)
    values = _checked(values)
    row = (
        BookstoreRule.objects.select_for_update().filter(bookstore_id=bookstore_id).first()
        if bookstore_id is not None
        else BookstoreRule.objects.select_for_update().filter(bookstore__isnull=True).first()
    )
    if row is None:
        row = BookstoreRule(bookstore=bookstore)
    for name, value in values.__dict__.items():
        setattr(row, name, value)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:  # another page created the row meanwhile
        raise ConflictError() from error
    return row


@transaction.atomic
def bookstore_rule_delete(*, actor, bookstore_id: int) -> None:
    """A store's own rules go; it follows the network's again."""
    bookstore = Bookstore.objects.filter(pk=bookstore_id).first()
    if bookstore is None:
        raise NotFoundError()
    ensure_manage(actor, store_id=bookstore.library_id)
    BookstoreRule.objects.filter(bookstore=bookstore).delete()


@transaction.atomic
def bookstore_enrol(*, actor, library_id: int) -> Bookstore:
    """A partner bookstore starts 悦读. The copies bought there belong to, and are
    paid by, the central library above it."""
    ensure_can(actor, Perm.O2O_MANAGE, library_id=library_id)
    library = Library.objects.filter(pk=library_id).first()
    if library is None:
        raise NotFoundError()
    if library.kind != LibraryKind.PARTNER_BOOKSTORE:
        raise ValidationError(_("只有合作书店可以开展悦读。"))
    owner = library.parent
    while owner is not None and owner.kind != LibraryKind.CENTRAL:
        owner = owner.parent
    if owner is None:
        owner = Library.objects.filter(kind=LibraryKind.CENTRAL).order_by("pk").first()
    if owner is None:
        raise ValidationError(_("网络中没有中心馆，无法确定出资馆。"))
    bookstore, _created = Bookstore.objects.get_or_create(
        library=library, defaults={"owner_library": owner}
    )
    if not bookstore.is_active:
        bookstore.is_active = True
        bookstore.save(update_fields=["is_active", "updated_at"])
    return bookstore
