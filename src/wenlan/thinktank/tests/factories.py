import datetime as dt

import factory

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.thinktank.enums import ClippingKind
from wenlan.thinktank.models import Bulletin, Clipping, Feed, Series, Topic
from wenlan.thinktank.services.clippings import search_text_of


def editor(**fields):
    return staff_with_role(Role.THINKTANK_EDITOR, **fields)


def chief(**fields):
    return staff_with_role(Role.THINKTANK_CHIEF, **fields)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_zh = factory.Sequence(lambda n: f"专题{n}")


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    name = factory.Sequence(lambda n: f"订阅源{n}")
    path = factory.Sequence(lambda n: f"feed-{n}.xml")


class ClippingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clipping

    title = factory.Sequence(lambda n: f"生态城市建设观察之{n}")
    source = "浙江日报"
    published_on = dt.date(2026, 11, 20)
    kind = ClippingKind.DOMESTIC_POLICY
    summary = "杭州推进生态城市建设，湿地保护取得进展。"
    search_text = factory.LazyAttribute(lambda c: search_text_of(c.title, c.summary, c.source))


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    slug = factory.Sequence(lambda n: f"series-{n}")
    name_zh = factory.Sequence(lambda n: f"决策参考{n}")
    issuer = "杭州图书馆决策信息中心"


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bulletin

    series = factory.SubFactory(SeriesFactory)
    title = factory.Sequence(lambda n: f"关于生态城市建设的参考 {n}")
