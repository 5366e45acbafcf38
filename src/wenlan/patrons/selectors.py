from django.db.models import Q, QuerySet

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.patrons.models import Reader


def reader_visible_to(*, actor, perm: Perm = Perm.READER_VIEW) -> QuerySet[Reader]:
    """The readers whose records `actor` may see: those registered at a library in
    the actor's scope. Not audited: callers that show personal data audit it."""
    scope = library_scope(actor, perm)
    readers = Reader.objects.select_related("home_library", "user")
    if scope is None:
        return readers
    return readers.filter(home_library_id__in=scope)


def reader_search(*, actor, query: str = "") -> QuerySet[Reader]:
    readers = reader_visible_to(actor=actor)
    query = query.strip()
    if query:
        readers = readers.filter(
            Q(card_number__iexact=query) | Q(name__icontains=query) | Q(phone__endswith=query)
        )
    return readers


def reader_for_user(*, user) -> Reader | None:
    if not user.is_authenticated:
        return None
    return Reader.objects.select_related("home_library").filter(user=user).first()
