import datetime as dt

import factory

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.network.tests.factories import PartnerFactory
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.reference.models import (
    AllianceMember,
    CategoryServiceLevel,
    Question,
    QuestionNote,
    QuestionSource,
    Referral,
)


class AllianceMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMember

    partner = factory.SubFactory(PartnerFactory)


class CategoryServiceLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryServiceLevel

    category = "local"
    due_working_days = 5


class QuestionFactory(factory.django.DjangoModelFactory):
    """A reader's question, new, due three days on (no calendar asked)."""

    class Meta:
        model = Question

    asker = factory.SubFactory(ReaderFactory)
    text = factory.Sequence(lambda n: f"请问杭州图书馆有没有关于西湖的地方文献？（{n}）")
    created_at = factory.LazyFunction(clock.now)
    updated_at = factory.LazyFunction(clock.now)
    due_at = factory.LazyFunction(lambda: clock.now() + dt.timedelta(days=3))


class VisitorQuestionFactory(QuestionFactory):
    asker = None
    contact_name = "王访客"
    contact_email = "visitor@example.org"
    access_token = factory.Sequence(lambda n: f"token-{n:020d}")


class QuestionSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionSource

    question = factory.SubFactory(QuestionFactory)
    title = "杭州市志"
    publisher = "杭州市地方志编纂委员会"
    date = "1995"


class QuestionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionNote

    question = factory.SubFactory(QuestionFactory)
    text = "已查馆藏目录"
    created_at = factory.LazyFunction(clock.now)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    question = factory.SubFactory(QuestionFactory, status="referred")
    partner = factory.SubFactory(PartnerFactory)
    sent_at = factory.LazyFunction(clock.now)
    due_at = factory.LazyFunction(lambda: clock.now() + dt.timedelta(days=5))


def reference_librarian(**user_fields):
    return staff_with_role(Role.REFERENCE_LIBRARIAN, **user_fields)


def partner_librarian(partner, **user_fields):
    return staff_with_role(Role.REFERENCE_PARTNER, partner=partner, **user_fields)
