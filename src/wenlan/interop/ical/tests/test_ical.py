import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from wenlan.core import clock
from wenlan.events.enums import EventStatus
from wenlan.events.models import Event, Occurrence
from wenlan.events.tests.factories import (
    BASE,
    ChannelFactory,
    EventFactory,
    OccurrenceFactory,
    PartnerEventFactory,
    VenueFactory,
)
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _feed(*events: str) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Choir//Feed//ZH"]
    return "\r\n".join([*head, *events, "END:VCALENDAR", ""])


def _vevent(uid: str, summary: str = "合唱音乐会", *, start="20261210T190000", extra=()) -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T000000Z",
        f"DTSTART;TZID=Asia/Shanghai:{start}",
        "DURATION:PT2H",
        f"SUMMARY:{summary}",
        "LOCATION:杭州大剧院",
        "GEO:30.2459;120.2085",
        *extra,
        "END:VEVENT",
    ]
    return "\r\n".join(lines)


def _run(tmp_path, content: str, organiser: str, capsys) -> tuple[dict, int]:
    path = tmp_path / "feed.ics"
    path.write_text(content, encoding="utf-8")
    code = 0
    try:
        call_command("import-ical", str(path), organiser=organiser)
    except SystemExit as exit_:
        code = exit_.code
    lines = capsys.readouterr().out.strip().splitlines()
    return json.loads(lines[-1]), code


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(BASE - dt.timedelta(days=30)):
        yield


def test_import_creates_updates_and_cancels_by_uid(tmp_path, capsys):
    PartnerFactory(code="zj-choir")
    feed = _feed(_vevent("a@choir"), _vevent("b@choir", "少儿合唱工作坊"))
    summary, code = _run(tmp_path, feed, "zj-choir", capsys)
    assert code == 0
    assert summary["created"] == 2 and summary["failures"] == [] and summary["error"] is None
    event = Event.objects.get(external_uid="a@choir")
    assert event.status == EventStatus.SUBMITTED
    assert event.category == "performance"
    occurrence = event.occurrences.get()
    assert occurrence.starts_at == dt.datetime(2026, 12, 10, 11, 0, tzinfo=dt.UTC)
    assert occurrence.ends_at - occurrence.starts_at == dt.timedelta(hours=2)
    assert event.venue.name_zh == "杭州大剧院"
    assert float(event.venue.latitude) == 30.2459

    again, _ = _run(tmp_path, feed, "zj-choir", capsys)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)

    changed = _feed(
        _vevent("a@choir", "合唱音乐会（改期）", start="20261211T190000", extra=["SEQUENCE:1"]),
        _vevent("b@choir", "少儿合唱工作坊", extra=["STATUS:CANCELLED", "SEQUENCE:1"]),
    )
    summary, _ = _run(tmp_path, changed, "zj-choir", capsys)
    assert (summary["updated"], summary["cancelled"]) == (1, 1)
    event.refresh_from_db()
    assert event.title_zh == "合唱音乐会（改期）"
    assert event.occurrences.get().starts_at.day == 11
    assert Event.objects.get(external_uid="b@choir").status == EventStatus.CANCELLED


def test_trusted_partner_is_published_at_once(tmp_path, capsys):
    PartnerFactory(code="hz-theatre", is_trusted=True)
    summary, _ = _run(tmp_path, _feed(_vevent("t@theatre")), "hz-theatre", capsys)
    assert summary["created"] == 1
    assert Event.objects.get().status == EventStatus.PUBLISHED


def test_bad_events_are_rejected_with_reasons_and_the_rest_go_in(tmp_path, capsys):
    PartnerFactory(code="p1")
    no_start = "\r\n".join(["BEGIN:VEVENT", "UID:nostart@x", "SUMMARY:无时间", "END:VEVENT"])
    no_uid = "\r\n".join(
        ["BEGIN:VEVENT", "DTSTART:20261210T100000Z", "SUMMARY:无UID", "END:VEVENT"]
    )
    backwards = _vevent("back@x", extra=["DTEND;TZID=Asia/Shanghai:20261210T180000"]).replace(
        "DURATION:PT2H\r\n", ""
    )
    summary, code = _run(
        tmp_path, _feed(_vevent("ok@x"), no_start, no_uid, backwards), "p1", capsys
    )
    assert code == 0
    assert summary["created"] == 1
    assert sorted((r["uid"], r["reason"]) for r in summary["failures"]) == [
        ("#3", "UID is missing"),
        ("back@x", "DTEND is not after DTSTART"),
        ("nostart@x", "DTSTART is missing"),
    ]


def test_malformed_feed_changes_nothing_and_exits_1(tmp_path, capsys):
    PartnerFactory(code="p1")
    _run(tmp_path, _feed(_vevent("keep@x")), "p1", capsys)
    summary, code = _run(tmp_path, "this is not a calendar", "p1", capsys)
    assert code == 1
    assert summary["error"].startswith("not an iCalendar feed")
    assert (summary["created"], summary["updated"], summary["cancelled"]) == (0, 0, 0)
    assert Event.objects.get().external_uid == "keep@x"
    assert Event.objects.get().status == EventStatus.SUBMITTED


def test_missing_file_is_reported(tmp_path, capsys):
    PartnerFactory(code="p1")
    with pytest.raises(SystemExit):
        call_command("import-ical", str(tmp_path / "none.ics"), organiser="p1")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["error"].startswith("no such file")


def test_recurring_rule_with_exception_and_override(tmp_path, capsys):
    PartnerFactory(code="p1")
    master = _vevent(
        "weekly@x",
        "每周读书会",
        extra=["RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Asia/Shanghai:20261217T190000"],
    )
    moved = "\r\n".join(
        [
            "BEGIN:VEVENT",
            "UID:weekly@x",
            "RECURRENCE-ID;TZID=Asia/Shanghai:20261224T190000",
            "DTSTART;TZID=Asia/Shanghai:20261224T200000",
            "DURATION:PT1H",
            "SUMMARY:每周读书会",
            "END:VEVENT",
        ]
    )
    summary, _ = _run(tmp_path, _feed(master, moved), "p1", capsys)
    assert summary["created"] == 1
    starts = [
        s.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%m-%d %H:%M")
        for s in Occurrence.objects.order_by("starts_at").values_list("starts_at", flat=True)
    ]
    assert starts == ["12-10 19:00", "12-24 20:00", "12-31 19:00"]


def test_library_organiser_and_unknown_organiser(tmp_path, capsys):
    LibraryFactory(code="HZ")
    summary, _ = _run(tmp_path, _feed(_vevent("lib@x")), "HZ", capsys)
    assert Event.objects.get().organiser_library.code == "HZ"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import-ical", "x.ics", organiser="nobody")


# --- export --------------------------------------------------------------------------


def _events_in(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_city_feed_has_published_and_cancelled_events_only(client, django_assert_num_queries):
    published = OccurrenceFactory(event=EventFactory(title_zh="公开活动", title_en="Open event"))
    OccurrenceFactory(
        event=EventFactory(title_zh="取消活动", title_en="", status=EventStatus.CANCELLED)
    )
    OccurrenceFactory(event=EventFactory(title_zh="草稿", status=EventStatus.DRAFT))
    with django_assert_num_queries(3):
        response = client.get(reverse("ical:city"))
    items = _events_in(response)
    summaries = sorted(str(i["summary"]) for i in items)
    assert summaries == ["公开活动 / Open event", "取消活动"]
    by_summary = {str(i["summary"]): i for i in items}
    assert str(by_summary["取消活动"]["status"]) == "CANCELLED"
    item = by_summary["公开活动 / Open event"]
    assert str(item["uid"]) == published.event.uid
    assert item.decoded("dtstart") == published.starts_at
    assert item["geo"].latitude == 30.25
    assert str(item["x-wenlan-capacity"]) == "30"


def test_channel_library_organiser_and_event_feeds(client):
    channel = ChannelFactory(slug="yuanshi")
    lecture = EventFactory(title_zh="院士讲座")
    lecture.channels.add(channel)
    OccurrenceFactory(event=lecture)
    partner_event = PartnerEventFactory(title_zh="剧院演出")
    OccurrenceFactory(event=partner_event)
    series = EventFactory(title_zh="系列")
    first = OccurrenceFactory(event=series)
    OccurrenceFactory(event=series, starts_at=BASE + dt.timedelta(days=7))

    titles = lambda r: sorted(str(i["summary"]).split(" / ")[0] for i in _events_in(r))  # noqa: E731
    assert titles(client.get(reverse("ical:channel", args=["yuanshi"]))) == ["院士讲座"]
    library_code = lecture.venue.library.code
    assert titles(client.get(reverse("ical:library", args=[library_code]))) == ["院士讲座"]
    organiser_code = partner_event.organiser_partner.code
    assert titles(client.get(reverse("ical:organiser", args=[organiser_code]))) == ["剧院演出"]
    items = _events_in(client.get(reverse("ical:event", args=[series.pk])))
    assert [str(i["uid"]) for i in items][0] == f"{first.pk}.{series.uid}"
    assert len(items) == 2
    assert client.get(reverse("ical:event", args=[999999])).status_code == 404
    assert client.get(reverse("ical:channel", args=["none"])).status_code == 404


def test_round_trip_export_then_import_matches_by_uid(client, tmp_path, capsys):
    source = OccurrenceFactory(event=EventFactory(title_zh="往返", title_en="Round trip")).event
    partner = PartnerFactory(code="mirror")
    feed = client.get(reverse("ical:event", args=[source.pk])).content.decode()
    summary, _ = _run(tmp_path, feed, partner.code, capsys)
    assert summary["created"] == 1
    copy = Event.objects.get(organiser_partner=partner)
    assert (copy.title_zh, copy.title_en, copy.external_uid) == ("往返", "Round trip", source.uid)
    summary, _ = _run(tmp_path, feed, partner.code, capsys)
    assert summary["unchanged"] == 1


def test_import_from_a_url(tmp_path, capsys):
    import http.server
    import threading

    PartnerFactory(code="web")
    (tmp_path / "feed.ics").write_text(_feed(_vevent("web@x")), encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        call_command("import-ical", f"{url}/feed.ics", organiser="web")
        summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert summary["created"] == 1
        with pytest.raises(SystemExit):
            call_command("import-ical", f"{url}/missing.ics", organiser="web")
        failed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert failed["error"].startswith(f"cannot fetch {url}/missing.ics")
    finally:
        server.shutdown()
    assert Event.objects.get().external_uid == "web@x"


def test_feed_location_has_room_street_address_and_library(client):
    library = LibraryFactory(
        code="XH",
        name_zh="西湖区图书馆",
        name_en="Xihu District Library",
        address_zh="杭州市西湖区文三路 1 号",
    )
    venue = VenueFactory(name_zh="报告厅", library=library)
    OccurrenceFactory(event=EventFactory(title_zh="讲座", venue=venue))
    item = _events_in(client.get(reverse("ical:city")))[0]
    assert str(item["location"]) == "报告厅, 杭州市西湖区文三路 1 号, 西湖区图书馆"


# --- hostile feeds ------------------------------------------------------------------


def _hostile_feed() -> str:
    far = "\r\n".join(
        ["BEGIN:VEVENT", "UID:far@x", "DTSTART:99991231T230000Z", "SUMMARY:远未来", "END:VEVENT"]
    )
    endless = _vevent("long@x").replace("DURATION:PT2H", "DURATION:P99999999W")
    huge_capacity = _vevent("cap@x", extra=["X-WENLAN-CAPACITY:99999999999999999999"])
    huge_sequence = _vevent("seq@x", extra=["SEQUENCE:99999999999999999999"])
    nul = _vevent("nul@x", "含\x00空字符")
    bad_geo = _vevent("geo@x").replace("GEO:30.2459;120.2085", "GEO:1e300;120")
    broken_override = "\r\n".join(
        [
            "BEGIN:VEVENT",
            "UID:series@x",
            "RECURRENCE-ID;TZID=Asia/Shanghai:not-a-date",
            "DTSTART;TZID=Asia/Shanghai:20261224T200000",
            "SUMMARY:改期",
            "END:VEVENT",
        ]
    )
    series = _vevent("series@x", extra=["RRULE:FREQ=WEEKLY;COUNT=3"])
    orphan = broken_override.replace("series@x", "orphan@x")
    long_uid = _vevent("u" * 300)
    return _feed(
        _vevent("first@x"),
        far,
        endless,
        huge_capacity,
        huge_sequence,
        nul,
        bad_geo,
        series,
        broken_override,
        orphan,
        long_uid,
        _vevent("last@x"),
    )


def test_hostile_events_fail_one_by_one_and_the_good_ones_go_in(tmp_path, capsys):
    PartnerFactory(code="p1")
    summary, code = _run(tmp_path, _hostile_feed(), "p1", capsys)
    assert code == 0
    assert (summary["imported"], summary["skipped"], summary["failed"]) == (2, 0, 9)
    reasons = {r["uid"]: r["reason"] for r in summary["failures"]}
    assert reasons == {
        "far@x": "DTSTART is more than ten years away",
        "series@x": "RECURRENCE-ID is not a date",
        "long@x": "the event lasts more than a year",
        "cap@x": "X-WENLAN-CAPACITY is over 100000",
        "seq@x": "SEQUENCE is out of range",
        "nul@x": "contains a NUL byte",
        "geo@x": "GEO is not a place on Earth",
        "orphan@x": "RECURRENCE-ID without its series",
        "u" * 255: "UID is longer than 255 characters",
    }
    assert sorted(Event.objects.values_list("external_uid", flat=True)) == ["first@x", "last@x"]


def test_overrides_count_toward_the_occurrence_limit(tmp_path, capsys):
    PartnerFactory(code="p1")
    series = _vevent("many@x", extra=["RRULE:FREQ=DAILY;COUNT=3"])
    added = [
        "\r\n".join(
            [
                "BEGIN:VEVENT",
                "UID:many@x",
                f"RECURRENCE-ID:2027{1 + day // 28:02d}{1 + day % 28:02d}T110000Z",
                f"DTSTART:2027{1 + day // 28:02d}{1 + day % 28:02d}T120000Z",
                "SUMMARY:加场",
                "END:VEVENT",
            ]
        )
        for day in range(98)
    ]
    summary, code = _run(tmp_path, _feed(series, *added, _vevent("ok@x")), "p1", capsys)
    assert code == 0
    assert summary["failures"] == [{"uid": "many@x", "reason": "more than 100 occurrences"}]
    assert list(Event.objects.values_list("external_uid", flat=True)) == ["ok@x"]

    cancelled = [text.replace("SUMMARY:加场", "STATUS:CANCELLED") for text in added]
    summary, _ = _run(tmp_path, _feed(series, *cancelled, *cancelled[:5]), "p1", capsys)
    assert summary["failures"] == [{"uid": "many@x", "reason": "more than 100 occurrences"}]

    summary, _ = _run(tmp_path, _feed(series, *added[:97]), "p1", capsys)
    assert (summary["imported"], summary["failures"]) == (1, [])
    assert Occurrence.objects.filter(event__external_uid="many@x").count() == 100


def _big_feed(path, count: int, *, series: int) -> None:
    """`count` events: `series` events each sent count // series times, as a feed
    that repeats its earlier versions does; the last version of each is imported."""
    with path.open("w", encoding="utf-8") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Big//Feed//ZH\r\n")
        for n in range(count):
            uid = n % series
            start = BASE + dt.timedelta(days=uid % 300, minutes=uid)
            text = _vevent(f"e{uid}@big", f"讲座第{n}版", start=start.strftime("%Y%m%dT%H%M%S"))
            out.write(text + "\r\n")
        out.write("END:VCALENDAR\r\n")


def _peak_bytes(path, organiser: str) -> tuple[int, dict]:
    import tracemalloc

    from wenlan.accounts.actors import SYSTEM
    from wenlan.interop.ical.importer import feed_import, feed_open

    partner = PartnerFactory(code=organiser)
    # The first event loads the text normalisation's dictionaries (pypinyin, some
    # 50 MB, once a process): warm them up so that the figure is the import's.
    warm = path.with_name("warm.ics")
    warm.write_text(_feed(_vevent("warm@x", "暖身")), encoding="utf-8")
    with feed_open(str(warm)) as stream:
        feed_import(
            actor=SYSTEM,
            stream=stream,
            source=str(warm),
            organiser_code=organiser,
            organiser_library_id=None,
            organiser_partner_id=partner.pk,
        )
    tracemalloc.start()
    try:
        with feed_open(str(path)) as stream:
            summary = feed_import(
                actor=SYSTEM,
                stream=stream,
                source=str(path),
                organiser_code=organiser,
                organiser_library_id=None,
                organiser_partner_id=partner.pk,
            )
        return tracemalloc.get_traced_memory()[1], summary.as_dict()
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_a_feed_of_24000_events_imports_in_bounded_memory(tmp_path):
    big = tmp_path / "big.ics"
    _big_feed(big, 24_000, series=100)
    big_peak, big_summary = _peak_bytes(big, "big")
    assert [big_summary[k] for k in ("imported", "skipped", "failed")] == [100, 23_900, 0]
    print(f"24,000 events, {big.stat().st_size} B of feed: peak traced memory {big_peak} B")
    # Read one event at a time, only the index of UIDs and offsets grows with the
    # feed; parsed whole (as before), the feed took several times its size.
    assert big_peak < 4 * 1024 * 1024
