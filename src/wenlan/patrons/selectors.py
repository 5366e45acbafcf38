from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from wenlan.accounts.actors import acting_user
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import library_scope
from wenlan.core import clock, rawsql
from wenlan.core.errors import NotFoundError
from wenlan.network.models import Library
from wenlan.patrons import ecard
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.errors import EcardInvalidError
from wenlan.patrons.models import Reader

CARD_NUMBER_MAX_LENGTH = Reader._meta.get_field("card_number").max_length


def reader_visible_to(*, actor, perm: Perm = Perm.READER_VIEW) -> QuerySet[Reader]:
    """The readers whose records `actor` may see: those registered at a library in
    the actor's scope. Not audited: callers that show personal data audit it."""
    scope = library_scope(actor, perm)
    readers = Reader.objects.select_related("home_library", "user")
    if scope is None:
        return readers
    return readers.filter(home_library_id__in=scope)


def card_number_resolve(*, presented: str) -> str:
    """The card number in what a reader showed and staff scanned or typed: a card
    number as it is (stripped; whether it names a reader is the caller's to find),
    or the card of a valid e-card (patrons.ecard). The one function the desk, the
    self-service kiosks (SIP2), event check-in and the bookstore till call.

    Refused: an e-card that is malformed, forged or expired (EcardInvalidError,
    EcardExpiredError), or whose reader's card is suspended or past its date
    (CardNotActiveError); a would-be card number too long to be one or holding a
    control character such as NUL, which PostgreSQL cannot compare (NotFoundError)."""
    presented = presented.strip()
    if not ecard.is_ecard(presented):
        if len(presented) > CARD_NUMBER_MAX_LENGTH or not presented.isprintable():
            raise NotFoundError(_("找不到该读者证。"))
        return presented
    reader_id = ecard.ecard_reader_id(token=presented)
    reader = Reader.objects.filter(pk=reader_id).exclude(status=ReaderStatus.ERASED).first()
    if reader is None:
        raise EcardInvalidError()
    ecard.reader_card_check(reader=reader, today=clock.today())
    return reader.card_number


def reader_search(*, actor, query: str = "") -> QuerySet[Reader]:
    """By card number (or e-card), name or the phone number's last digits."""
    readers = reader_visible_to(actor=actor)
    query = query.strip()
    if ecard.is_ecard(query):
        return readers.filter(card_number=card_number_resolve(presented=query))
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


def readers_allowing_analytics(*, batch_size: int = 5000) -> Iterator[tuple[int, int]]:
    """(reader id, registering library id) of every reader who allows analytics and
    was not erased, in id order: the analytics export turns the id into the reader's
    pseudonym and keeps only the pseudonym and the library."""
    yield from (
        Reader.objects.filter(allow_analytics=True)
        .exclude(status=ReaderStatus.ERASED)
        .order_by("pk")
        .values_list("pk", "home_library_id")
        .iterator(chunk_size=batch_size)
    )


def reader_birth_years_allowing_analytics(*, batch_size: int = 5000) -> Iterator[tuple[int, int]]:
    """(reader id, birth year) of every reader who allows analytics, was not erased
    and gave a birth year, in id order: the analytics export turns them into each
    loan's age band and keeps neither."""
    yield from (
        Reader.objects.filter(allow_analytics=True, birth_year__isnull=False)
        .exclude(status=ReaderStatus.ERASED)
        .order_by("pk")
        .values_list("pk", "birth_year")
        .iterator(chunk_size=batch_size)
    )


def readers_with_recommendations(*, batch_size: int = 5000) -> Iterator[tuple[int, int, bool]]:
    """(reader id, registering library id, allows analytics) of every reader who
    turned personal recommendations on and was not erased, in id order: the
    recommendations' training stores a list for each of them."""
    yield from (
        Reader.objects.filter(allow_recommendations=True)
        .exclude(status=ReaderStatus.ERASED)
        .order_by("pk")
        .values_list("pk", "home_library_id", "allow_analytics")
        .iterator(chunk_size=batch_size)
    )
