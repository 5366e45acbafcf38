import datetime as dt

import factory

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.models import Hold, Loan, Policy
from wenlan.core import clock
from wenlan.network.tests.factories import LibraryFactory


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    library = None
    reader_category = ""
    item_type = ""
    loan_days = 30
    max_loans = 10
    renewals = 1


class LoanFactory(factory.django.DjangoModelFactory):
    """An open loan made directly (for selector and notice tests)."""

    class Meta:
        model = Loan

    item = factory.SubFactory(ItemFactory, status=ItemStatus.ON_LOAN, due_on=dt.date(2026, 12, 1))
    record = factory.SelfAttribute("item.record")
    reader = factory.SubFactory("wenlan.patrons.tests.factories.ReaderFactory")
    library = factory.SelfAttribute("item.library")
    loaned_at = factory.LazyFunction(clock.now)
    due_on = factory.SelfAttribute("item.due_on")


class HoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hold

    record = factory.SubFactory(RecordFactory)
    reader = factory.SubFactory("wenlan.patrons.tests.factories.ReaderFactory")
    pickup_library = factory.SubFactory(LibraryFactory)
    placed_at = factory.LazyFunction(clock.now)


def desk_staff(*libraries):
    """A branch librarian at the first library (covering only it)."""
    return staff_with_role(Role.BRANCH_LIBRARIAN, library=libraries[0])


def network_admin():
    return staff_with_role(Role.NETWORK_ADMIN)
