"""Answers from live data, never from text: whether a library is open now and
until when (network), where a book is and whether a copy is on a shelf (the
catalog's search and holdings), what is on (events), and the asking reader's own
loans (circulation). Each reads through its app's selectors and returns a
`policies.Reply` in the active language."""

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wenlan.catalog.display import author_names
from wenlan.catalog.selectors.records import record_get, record_holdings
from wenlan.catalog.selectors.search import catalog_search, search_params
from wenlan.circulation.selectors.readers import loan_list_for_reader
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.events.selectors.events import CalendarFilters, calendar_entries
from wenlan.network.enums import LibraryKind
from wenlan.network.models import Library
from wenlan.network.selectors import library_get, library_list, library_status
from wenlan.patrons.selectors import reader_of
from wenlan.robot import policies
from wenlan.robot.policies import Reply, Source

EVENTS_LISTED = 5
LOANS_LISTED = 10
LIBRARIES_LISTED = 3
# Libraries a reader asks about: not the bookstores and pickup points of the network.
_ASKED_KINDS = (
    LibraryKind.CENTRAL,
    LibraryKind.DISTRICT,
    LibraryKind.COUNTY,
    LibraryKind.THEMED_BRANCH,
)


def _day(value: dt.date) -> str:
    return _("%(date)s（%(weekday)s）") % {
        "date": formats.date_format(value, "MONTH_DAY_FORMAT"),
        "weekday": formats.date_format(value, "l"),
    }


def _time(value: dt.time | dt.datetime) -> str:
    return value.strftime("%H:%M")


def _library_source(library: Library) -> Source:
    return Source(
        title=library.name,
        url=reverse("network:library_detail", args=[library.code]),
        excerpt=library.address,
    )


def library_names() -> list[policies.LibraryNames]:
    return [
        policies.LibraryNames(library.code, library.name_zh, library.name_en)
        for library in Library.objects.filter(is_active=True, kind__in=_ASKED_KINDS).only(
            "code", "name_zh", "name_en"
        )
    ]


def _library_asked(question: str, actor) -> Library | None:
    """The library the question names, else the reader's home library, else the
    central library."""
    code = policies.library_named(question, library_names())
    if code is None:
        reader = reader_of(actor)
        if reader is not None:
            code = reader.home_library.code
    if code is not None:
        try:
            return library_get(code=code)
        except NotFoundError:
            pass
    return library_list(kind=LibraryKind.CENTRAL).first()


def opening_hours_reply(*, question: str, actor) -> Reply:
    library = _library_asked(question, actor)
    if library is None:
        return Reply(_("网络中还没有图书馆的开放时间。"), answered=False)
    status = library_status(library)
    if status.today:
        periods = ", ".join(f"{_time(p.opens)}–{_time(p.closes)}" for p in status.today)
        today = _("今天的开放时间：%(periods)s。") % {"periods": periods}
    else:
        today = _("今天闭馆。")
    if status.open_now:
        now = clock.localnow().time()
        closing = next((p.closes for p in status.today if p.opens <= now < p.closes), None)
        head = (
            _("%(library)s现在开放，今天开到 %(time)s。")
            % {"library": library.name, "time": _time(closing)}
            if closing
            else _("%(library)s现在开放。") % {"library": library.name}
        )
    else:
        head = _("%(library)s现在不开放。") % {"library": library.name}
    parts = [head, today]
    if not status.open_now and status.next_opens_at is not None:
        opens = status.next_opens_at
        parts.append(
            _("下次开放：%(day)s %(time)s。") % {"day": _day(opens.date()), "time": _time(opens)}
        )
    return Reply(
        " ".join(parts), sources=(_library_source(library),), confidence=1.0, answered=True
    )


def events_reply(*, question: str, today: dt.date) -> Reply:
    window = policies.event_window(question, today=today)
    code = policies.library_named(question, library_names())
    entries = calendar_entries(
        CalendarFilters(
            date_from=window.date_from, date_to=window.date_to, library_code=code or ""
        ),
        limit=EVENTS_LISTED,
    )
    calendar_url = reverse("events:calendar")
    if not entries:
        answer = _("%(from)s 至 %(to)s 没有找到公开的活动，可以在活动日历中看看其他日子。") % {
            "from": _day(window.date_from),
            "to": _day(window.date_to),
        }
        return Reply(
            answer,
            sources=(Source(title=_("文化活动日历"), url=calendar_url),),
            confidence=1.0,
            answered=True,
        )
    lines, sources = [], []
    for entry in entries:
        occurrence = entry.occurrence
        event = occurrence.event
        starts = timezone.localtime(occurrence.starts_at)
        lines.append(
            _("%(day)s %(time)s《%(title)s》，%(venue)s")
            % {
                "day": _day(starts.date()),
                "time": _time(starts),
                "title": event.title,
                "venue": event.venue.name,
            }
        )
        url = reverse("events:event_detail", args=[event.pk])
        if all(source.url != url for source in sources):
            sources.append(Source(title=event.title, url=url, excerpt=event.venue.name))
    head = _("%(from)s 至 %(to)s 的活动：") % {
        "from": _day(window.date_from),
        "to": _day(window.date_to),
    }
    sources.append(Source(title=_("文化活动日历"), url=calendar_url))
    return Reply(
        head + "\n" + "\n".join(lines), sources=tuple(sources), confidence=1.0, answered=True
    )


def book_location_reply(*, question: str) -> Reply:
    query = policies.book_query(question)
    search_url = reverse("catalog:search")
    if not query:
        return Reply(
            _("请告诉我书名，例如：《红楼梦》在哪里可以借到？"),
            sources=(Source(title=_("馆藏检索"), url=search_url),),
            confidence=1.0,
            answered=True,
        )
    result = catalog_search(params=search_params(q=query, page_size=3, facets=False))
    found_url = f"{search_url}?q={query}"
    if not result.hits:
        return Reply(
            _("馆藏中没有找到“%(query)s”。可以换个书名或作者再查，或者请馆员帮您找。")
            % {"query": query},
            sources=(Source(title=_("馆藏检索"), url=found_url),),
            confidence=1.0,
            answered=True,
        )
    record = record_get(record_id=result.hits[0].record.pk)
    holdings = record_holdings(record)
    record_url = reverse("catalog:record", args=[record.pk])
    on_shelf = [h for h in holdings if h.available]
    if on_shelf:
        places = []
        for holding in on_shelf[:LIBRARIES_LISTED]:
            copy = next(c for c in holding.copies if c.status == "available")
            where = _("，").join(v for v in (copy.call_number, copy.shelf_location) if v)
            places.append(
                _("%(library)s %(count)s 册在架%(where)s")
                % {
                    "library": holding.library.name,
                    "count": holding.available,
                    "where": _("（%(where)s）") % {"where": where} if where else "",
                }
            )
        answer = _("《%(title)s》：%(places)s。") % {
            "title": record.title,
            "places": _("；").join(places),
        }
    elif holdings:
        answer = _("《%(title)s》的 %(count)s 册现在都不在架上，可以在书目页预约。") % {
            "title": record.title,
            "count": sum(len(h.copies) for h in holdings),
        }
    else:
        answer = _("《%(title)s》暂无可借的馆藏。") % {"title": record.title}
    sources = [
        Source(
            title=record.title, url=record_url, excerpt=", ".join(author_names(record.authors)[:2])
        )
    ]
    if len(result.hits) > 1:
        sources.append(Source(title=_("更多检索结果"), url=found_url))
    return Reply(answer, sources=tuple(sources), confidence=1.0, answered=True)


def my_loans_reply(*, actor, today: dt.date) -> Reply:
    """Only the signed-in reader's own loans, whatever the question says."""
    reader = reader_of(actor)
    if reader is None:
        return Reply(
            _("登录后我才能告诉您借了哪些书、什么时候到期。"),
            sources=(Source(title=_("登录"), url=reverse("accounts:login")),),
            confidence=1.0,
            answered=True,
        )
    loans = list(loan_list_for_reader(reader_id=reader.pk)[: LOANS_LISTED + 1])
    my_loans_url = reverse("circulation:my_loans")
    if not loans:
        return Reply(
            _("您现在没有借阅中的图书。"),
            sources=(Source(title=_("我的借阅"), url=my_loans_url),),
            confidence=1.0,
            answered=True,
        )
    lines = []
    for loan in loans[:LOANS_LISTED]:
        if loan.due_on < today:
            line = _("《%(title)s》已逾期（应还日期 %(day)s）") % {
                "title": loan.record.title,
                "day": _day(loan.due_on),
            }
        else:
            line = _("《%(title)s》%(day)s 到期") % {
                "title": loan.record.title,
                "day": _day(loan.due_on),
            }
        lines.append(line)
    if len(loans) > LOANS_LISTED:
        lines.append(_("……更多见“我的借阅”"))
    head = _("您借阅中的图书：")
    return Reply(
        head + "\n" + "\n".join(lines),
        sources=(Source(title=_("我的借阅"), url=my_loans_url),),
        confidence=1.0,
        answered=True,
    )
