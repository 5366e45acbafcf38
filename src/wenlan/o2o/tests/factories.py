import datetime as dt
from decimal import Decimal

import factory

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.circulation.tests.factories import LoanFactory
from wenlan.core import clock
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory
from wenlan.o2o.models import (
    Bookstore,
    BookstoreLoan,
    BookstoreRule,
    BookstoreSettlement,
    DeliveryZone,
    PickupPoint,
)
from wenlan.o2o.policies import period_start


class BookstoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bookstore

    library = factory.SubFactory(LibraryFactory, kind=LibraryKind.PARTNER_BOOKSTORE)
    owner_library = factory.SubFactory(LibraryFactory, kind=LibraryKind.CENTRAL)


class BookstoreRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookstoreRule

    bookstore = None


class BookstoreLoanFactory(factory.django.DjangoModelFactory):
    """A settlement line with a loan made directly (for selector and page tests)."""

    class Meta:
        model = BookstoreLoan

    bookstore = factory.SubFactory(BookstoreFactory)
    loan = factory.SubFactory(LoanFactory, channel="yuedu")
    reader = factory.SelfAttribute("loan.reader")
    item = factory.SelfAttribute("loan.item")
    record = factory.SelfAttribute("loan.record")
    isbn = factory.Sequence(lambda n: f"978{n:010d}")
    title = factory.SelfAttribute("record.title")
    price = Decimal("45.00")
    day = factory.LazyFunction(clock.today)
    period = factory.LazyAttribute(lambda line: period_start(line.day))
    created_at = factory.LazyFunction(clock.now)


class BookstoreSettlementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookstoreSettlement

    bookstore = factory.SubFactory(BookstoreFactory)
    period = dt.date(2026, 10, 1)
    line_count = 1
    total = Decimal("45.00")


def clerk_of(bookstore: Bookstore, **user_fields):
    return staff_with_role(Role.BOOKSTORE_CLERK, library=bookstore.library, **user_fields)


class PickupPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PickupPoint

    library = factory.SubFactory(LibraryFactory, kind=LibraryKind.PICKUP_POINT)
    compartments = 0
    hold_days = 3


class DeliveryZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryZone

    name_zh = factory.Sequence(lambda n: f"配送区{n}")
    name_en = factory.Sequence(lambda n: f"Zone {n}")
    fee = Decimal("5.00")
    free_from_books = 3
