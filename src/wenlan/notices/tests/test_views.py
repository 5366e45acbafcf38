import pytest
from django.urls import reverse

from conftest import login
from wenlan.core import clock
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def _notice(reader, key, kind=NoticeKind.DUE_SOON, **params):
    return Notice.objects.create(
        reader=reader,
        kind=kind,
        key=key,
        params={"title": "红楼梦", "due": "2026-12-01", **params},
        link="/me/loans/",
        created_at=clock.now(),
    )


def test_inbox_shows_own_notices_in_the_page_language(client, django_assert_num_queries):
    reader = ReaderFactory(name="李华")
    _notice(reader, "a")
    _notice(ReaderFactory(), "b", title="别人的书")
    login(client, reader.user)
    body = client.get(reverse("notices:inbox")).content.decode()
    assert "即将到期：红楼梦" in body
    assert "将于 2026-12-01 到期" in body
    assert "别人的书" not in body
    assert "未读 1 条" in body
    reader.user.language = "en"
    reader.user.save(update_fields=["language"])
    english = client.get(reverse("notices:inbox")).content.decode()
    assert "Due soon: 红楼梦" in english
    assert "即将到期" not in english
    assert "1 unread" in english


def test_inbox_queries_do_not_grow_with_notices(client, django_assert_max_num_queries):
    reader = ReaderFactory()
    for n in range(5):
        _notice(reader, f"k{n}")
    login(client, reader.user)
    client.get(reverse("notices:inbox"))
    with django_assert_max_num_queries(8):
        client.get(reverse("notices:inbox"))


def test_mark_read_only_own_notice(client):
    reader, other = ReaderFactory(), ReaderFactory()
    mine, theirs = _notice(reader, "a"), _notice(other, "b")
    login(client, reader.user)
    client.post(reverse("notices:notice_read", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(reverse("notices:notice_read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    body = client.get(reverse("notices:inbox")).content.decode()
    assert "未读 0 条" in body


def test_mark_all_read(client):
    reader, other = ReaderFactory(), ReaderFactory()
    _notice(reader, "a"), _notice(reader, "b"), _notice(other, "c")
    login(client, reader.user)
    client.post(reverse("notices:notices_read_all"))
    assert sorted((n.reader_id == reader.pk, n.read_at is None) for n in Notice.objects.all()) == [
        (False, True),
        (True, False),
        (True, False),
    ]


def test_account_page_links_to_the_inbox_with_the_unread_count(client):
    reader = ReaderFactory()
    _notice(reader, "a"), _notice(reader, "b")
    login(client, reader.user)
    body = client.get(reverse("patrons:me")).content.decode()
    assert reverse("notices:inbox") in body
    assert "未读 2 条" in body


def test_inbox_needs_a_login(client):
    response = client.get(reverse("notices:inbox"))
    assert response.status_code == 302
