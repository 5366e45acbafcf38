import json
from io import StringIO

import pytest
from django.core.management import call_command

from wenlan.accounts.actors import SYSTEM
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.thinktank.models import Clipping, ClippingAlert, Feed, TopicFollow
from wenlan.thinktank.services import feeds
from wenlan.thinktank.tests.factories import FeedFactory, TopicFactory, editor
from wenlan.thinktank.tests.test_feeds import ATOM, BOMB, RSS

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_dir(settings, tmp_path):
    settings.WENLAN_THINKTANK_FEED_DIR = tmp_path
    (tmp_path / "zj.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "pw.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "bomb.xml").write_text(BOMB, encoding="utf-8")
    return tmp_path


def test_import_adds_new_entries_once_and_tags_the_topic(feed_dir):
    topic = TopicFactory(slug="eco")
    first = feeds.feed_import(actor=SYSTEM, location="zj.xml", topic_slug="eco")
    assert (first.new, first.duplicates, first.refused) == (2, 0, "")
    assert first.rejected == [{"entry": "https://example.org/a/3", "reason": "条目没有标题。"}]
    clipping = Clipping.objects.get(entry_key="urn:zj:1")
    assert clipping.source == "浙江发布"
    assert list(clipping.topics.all()) == [topic]
    assert "<script" not in clipping.summary
    again = feeds.feed_import(actor=SYSTEM, location="zj.xml")
    assert (again.new, again.duplicates) == (0, 2)
    assert Clipping.objects.count() == 2


def test_an_entry_seen_by_its_link_is_a_duplicate(feed_dir):
    feeds.feed_import(actor=SYSTEM, location="zj.xml")
    moved = RSS.replace("<guid>urn:zj:1</guid>", "<guid>urn:other:1</guid>")
    (feed_dir / "moved.xml").write_text(moved, encoding="utf-8")
    summary = feeds.feed_import(actor=SYSTEM, location="moved.xml")
    assert (summary.new, summary.duplicates) == (0, 2)


def test_a_hostile_feed_changes_nothing(feed_dir):
    summary = feeds.feed_import(actor=SYSTEM, location="bomb.xml")
    assert summary.new == 0 and "DTD" in summary.refused
    summary = feeds.feed_import(actor=SYSTEM, location="/etc/passwd")
    assert summary.refused
    summary = feeds.feed_import(actor=SYSTEM, location="http://127.0.0.1:8000/x")
    assert summary.refused
    assert not Clipping.objects.exists()


def test_keyword_alerts_reach_the_editors_following_the_topic(feed_dir):
    topic = TopicFactory(slug="g20", keywords="G20\n峰会 后续")
    follower, other = editor(), editor()
    TopicFollow.objects.create(user=follower, topic=topic)
    feeds.feed_import(actor=SYSTEM, location="zj.xml")
    alerts = list(ClippingAlert.objects.all())
    assert [(a.user, a.clipping.title, a.keyword) for a in alerts] == [
        (follower, "G20 峰会十周年后续工作推进会召开", "G20")
    ]
    assert not ClippingAlert.objects.filter(user=other).exists()


def test_fetch_reads_every_subscription_and_records_its_summary(feed_dir):
    ok = FeedFactory(name="浙江发布", path="zj.xml")
    bad = FeedFactory(name="炸弹", path="bomb.xml")
    FeedFactory(name="停用", path="pw.xml", is_active=False)
    out, err = StringIO(), StringIO()
    call_command("thinktank", "fetch", stdout=out, stderr=err)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["feeds"] == 2 and summary["new"] == 2 and summary["duplicates"] == 0
    assert summary["refused"][0]["feed"] == "bomb.xml"
    assert "[1/2]" in err.getvalue()
    ok.refresh_from_db()
    bad.refresh_from_db()
    assert ok.last_summary["new"] == 2 and ok.last_fetched_at is not None
    assert "DTD" in bad.last_summary["refused"]
    assert set(Clipping.objects.values_list("source", flat=True)) == {"浙江发布"}


def test_import_feed_command_prints_one_json_line(feed_dir):
    TopicFactory(slug="eco")
    out = StringIO()
    call_command("thinktank", "import-feed", "pw.xml", "--topic", "eco", stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["new"], summary["duplicates"], summary["rejected"]) == (1, 0, [])
    clipping = Clipping.objects.get()
    assert (clipping.language, clipping.source) == ("en", "Policy Watch")
    assert clipping.author == "J. Smith"


def test_subscribing_checks_the_url_or_file(feed_dir):
    actor = editor()
    feed = feeds.feed_subscribe(actor=actor, name="浙江发布", path="zj.xml")
    assert feed.location == "zj.xml"
    for url, path in [
        ("file:///etc/passwd", ""),
        ("http://127.0.0.1/", ""),
        ("", "../x.xml"),
        ("", ""),
        ("https://example.org/a", "zj.xml"),
    ]:
        with pytest.raises(ValidationError):
            feeds.feed_subscribe(actor=actor, name="x", url=url, path=path)
    with pytest.raises(PermissionDeniedError):
        feeds.feed_subscribe(actor=ReaderFactory().user, name="x", path="zj.xml")
    assert Feed.objects.count() == 1


def test_the_same_entry_twice_in_one_feed_is_stored_once(feed_dir):
    twice = RSS.replace(
        "</channel>", RSS.split("<channel>")[1].split("</channel>")[0] + "</channel>"
    )
    twice = twice.replace("<title>浙江发布</title><language>zh-cn</language>", "", 1)
    (feed_dir / "twice.xml").write_text(twice, encoding="utf-8")
    summary = feeds.feed_import(actor=SYSTEM, location="twice.xml")
    assert (summary.new, summary.duplicates) == (2, 2)
