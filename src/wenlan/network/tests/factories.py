import datetime as dt

import factory

from wenlan.network.enums import CooperationModel, LibraryKind, PartnerKind
from wenlan.network.models import (
    Agreement,
    Library,
    OpeningException,
    OpeningHours,
    Partner,
    PartnerContact,
)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    code = factory.Sequence(lambda n: f"partner{n}")
    name_zh = factory.Sequence(lambda n: f"合作机构{n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.ASSOCIATION


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    name = "张联络"
    phone = "0571-00000000"


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library

    code = factory.Sequence(lambda n: f"LIB{n}")
    name_zh = factory.Sequence(lambda n: f"图书馆{n}")
    name_en = factory.Sequence(lambda n: f"Library {n}")
    kind = LibraryKind.DISTRICT
    latitude = "30.250000"
    longitude = "120.160000"


class ThemedBranchFactory(LibraryFactory):
    kind = LibraryKind.THEMED_BRANCH
    theme_zh = "茶文化"
    theme_en = "Tea culture"
    partner = factory.SubFactory(PartnerFactory)
    cooperation_model = CooperationModel.LIBRARY_AND_CIVIL_AID


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    title = "合作共建协议"
    signed_on = dt.date(2026, 1, 5)
    starts_on = dt.date(2026, 2, 1)


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    library = factory.SubFactory(LibraryFactory)
    weekday = 0
    opens = dt.time(9)
    closes = dt.time(17)


class OpeningExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningException

    library = factory.SubFactory(LibraryFactory)
    date = dt.date(2027, 1, 1)
    is_closed = True
    reason_zh = "元旦闭馆"
    reason_en = "New Year's Day"
