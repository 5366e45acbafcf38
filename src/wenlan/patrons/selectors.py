from django.db.models import Q, QuerySet

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.core import rawsql
from wenlan.network.models import Library
from wenlan.patrons.enums import ReaderStatus
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
    """The user's reader record with its home library (None for no user, an
    anonymous one or one without a card). Hand-written SQL: nearly every page a
    reader opens asks it, and compiling the join cost more than running it."""
    if user is None or not user.is_authenticated:
        return None
    related = user.__class__.reader.related  # request.user is a lazy proxy
    if related.is_cached(user):  # read with the user (patrons.auth)
        return related.get_cached_value(user)
    sql = (
        f"SELECT {rawsql.columns(Reader, 'r')}, {rawsql.columns(Library, 'l')}"
        f" FROM {Reader._meta.db_table} r JOIN {Library._meta.db_table} l"
        " ON l.id = r.home_library_id WHERE r.user_id = %s"
    )
    with rawsql.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    width = rawsql.width(Reader)
    reader = rawsql.instance(Reader, row[:width])
    Reader.home_library.field.set_cached_value(reader, rawsql.instance(Library, row[width:]))
    return reader


def reader_of(actor) -> Reader | None:
    """The acting user's reader record, looked up once per user object (a request's
    user) and kept where the page menu's `user.reader` finds it as well."""
    user = acting_user(actor)
    if user is None:
        return None
    reader = reader_for_user(user=user)
    user.__class__.reader.related.set_cached_value(user, reader)  # a lazy proxy's class
    return reader


def reader_get_unerased(*, reader_id: int) -> Reader | None:
    """A card holder by id, unless their record was erased."""
    return Reader.objects.filter(pk=reader_id).exclude(status=ReaderStatus.ERASED).first()


def reader_count() -> int:
    return Reader.objects.count()
