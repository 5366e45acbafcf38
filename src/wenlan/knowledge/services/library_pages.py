"""Each library's page in the knowledge base, written from the network's live data:
its address, phone and weekly opening hours, in both languages, citing the
library's page on the site. `library_pages_refresh` writes only what changed
(an article's content digest), so it runs as often as asked: from
`wenlan kb refresh-libraries`, the demo, and the worker every
`WENLAN_KNOWLEDGE_LIBRARY_REFRESH_MINUTES` (knowledge.tasks)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core import clock
from wenlan.knowledge.enums import ArticleKind
from wenlan.knowledge.models import Article, Topic
from wenlan.knowledge.policies import ArticleContent, PassageIn, SourceIn
from wenlan.knowledge.services.articles import article_set_published, article_upsert, topic_upsert
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.network.selectors import library_list, library_weekly_schedule

LIBRARY_KINDS = (
    LibraryKind.CENTRAL,
    LibraryKind.DISTRICT,
    LibraryKind.COUNTY,
    LibraryKind.THEMED_BRANCH,
)
TOPIC = ("library-network", "图书馆网络", "The library network")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class LibraryPagesReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0

    def summary(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unpublished": self.unpublished,
        }


def library_page_slug(code: str) -> str:
    return f"library-{code.lower().replace('_', '-')}"


def _hours(library: Library) -> tuple[str, str]:
    schedule = library_weekly_schedule(library)
    zh, en = [], []
    for day in range(7):
        periods = schedule.get(day, [])
        if periods:
            spans = [f"{p.opens:%H:%M}–{p.closes:%H:%M}" for p in periods]
            zh.append(f"{WEEKDAYS_ZH[day]} {'、'.join(spans)}")
            en.append(f"{WEEKDAYS_EN[day]} {', '.join(spans)}")
        else:
            zh.append(f"{WEEKDAYS_ZH[day]}闭馆")
            en.append(f"{WEEKDAYS_EN[day]} closed")
    return "；".join(zh), "; ".join(en)


def library_page_content(library: Library, *, today: dt.date) -> ArticleContent:
    """Needs `library` from network's library_list (its hours prefetched)."""
    name_zh, name_en = library.name_zh, library.name_en or library.name_zh
    zh, en = [], []
    if library.address_zh or library.address_en:
        address_zh = library.address_zh or library.address_en
        address_en = library.address_en or library.address_zh
        zh.append(f"{name_zh}的地址：{address_zh}。读者可以按这个地址到馆。")
        en.append(f"The address of {name_en} is {address_en}.")
    if library.phone:
        email_zh = f"，电子邮箱 {library.email}" if library.email else ""
        email_en = f", e-mail {library.email}" if library.email else ""
        zh.append(f"{name_zh}的联系电话是 {library.phone}{email_zh}。")
        en.append(f"The phone number of {name_en} is {library.phone}{email_en}.")
    hours_zh, hours_en = _hours(library)
    zh.append(f"{name_zh}每周的开放时间：{hours_zh}。节假日的调整以图书馆页面的公告为准。")
    en.append(
        f"Opening hours of {name_en} each week: {hours_en}. Holiday changes are announced "
        "on the library's page."
    )
    page = reverse("network:library_detail", kwargs={"code": library.code})
    return ArticleContent(
        slug=library_page_slug(library.code),
        kind=ArticleKind.LIBRARY,
        title_zh=f"{name_zh}：地址、电话与开放时间",
        title_en=f"{name_en}: address, phone and opening hours",
        # Written again every refresh: reviewed by the refresh, not by a person.
        review_on=dt.date(today.year + 1, 1, 1),
        topics=(TOPIC[0],),
        sources=(SourceIn(title=name_zh, publisher=name_zh, url=page),),
        passages_zh=tuple(PassageIn(text, (1,)) for text in zh),
        passages_en=tuple(PassageIn(text, (1,)) for text in en),
        origin=f"network library {library.code}",
    )


def library_pages_refresh(actor) -> LibraryPagesReport:
    """Each library's article written (in its own transaction) when its data
    changed; the articles of libraries no longer active unpublished."""
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    report = LibraryPagesReport()
    if not Topic.objects.filter(slug=TOPIC[0]).exists():
        topic_upsert(actor, slug=TOPIC[0], name_zh=TOPIC[1], name_en=TOPIC[2])
    today = clock.today()
    slugs = set()
    for library in library_list().filter(kind__in=LIBRARY_KINDS):
        content = library_page_content(library, today=today)
        slugs.add(content.slug)
        with transaction.atomic():
            saved = article_upsert(actor, content=content)
        setattr(report, saved.outcome, getattr(report, saved.outcome) + 1)
    gone = Article.objects.filter(kind=ArticleKind.LIBRARY, is_published=True).exclude(
        slug__in=slugs
    )
    for slug in gone.values_list("slug", flat=True):
        article_set_published(actor, slug=slug, published=False)
        report.unpublished += 1
    return report
