import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.db import transaction

from wenlan.core import clock
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.notices.services import (
    notice_channel_claim,
    notice_channel_release,
    notice_create,
)
from wenlan.notices.sms import HttpSmsGateway, SmsError
from wenlan.notices.tasks import notice_deliver
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db

HOLD_PARAMS = {
    "title": "红楼梦",
    "library": {"zh-hans": "西湖分馆", "en": "West Lake Branch"},
    "until": "2026-12-02",
}


@pytest.fixture
def hold_ready(django_capture_on_commit_callbacks):
    """Makes a hold-ready notice in a transaction whose commit runs the delivery."""

    def make(reader, key="hold:1:1"):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return notice_create(
                reader_id=reader.pk,
                kind=NoticeKind.HOLD_READY,
                key=key,
                params=HOLD_PARAMS,
                link="/me/holds/",
            )

    return make


class Gateway(ThreadingHTTPServer):
    """A small SMS gateway on 127.0.0.1 that records what it is sent."""

    def __init__(self, status: int = 200):
        self.status = status
        self.received: list[tuple[dict, str]] = []
        super().__init__(("127.0.0.1", 0), self.Handler)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            self.server.received.append((body, self.headers.get("Authorization", "")))
            self.send_response(self.server.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/send"


@pytest.fixture
def gateway():
    server = Gateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_notice_is_made_once_per_key_and_emailed_in_the_readers_language(hold_ready):
    reader = ReaderFactory(email="r@example.org", language="en", name="Li Hua")
    first = hold_ready(reader)
    again = hold_ready(reader)
    assert again is None
    assert Notice.objects.count() == 1
    first.refresh_from_db()
    assert first.emailed_at is not None
    assert first.texted_at is None  # text messages are off by default
    assert [(m.to, m.subject) for m in mail.outbox] == [(["r@example.org"], "Hold ready: 红楼梦")]
    assert "West Lake Branch" in mail.outbox[0].body
    assert "2026-12-02" in mail.outbox[0].body


def test_chinese_reader_gets_chinese_text(hold_ready):
    reader = ReaderFactory(email="r@example.org", name="李华")
    hold_ready(reader)
    assert mail.outbox[0].subject == "预约到书：红楼梦"
    assert (
        mail.outbox[0].body
        == "李华，您好！您预约的《红楼梦》已到 西湖分馆，请于 2026-12-02 前取书。"
    )


def test_no_mail_without_an_address_or_when_the_reader_said_no(hold_ready):
    hold_ready(ReaderFactory(email=""), key="a")
    hold_ready(ReaderFactory(email="x@example.org", email_notices=False), key="b")
    assert mail.outbox == []
    assert list(Notice.objects.values_list("emailed_at", flat=True)) == [None, None]


def test_delivering_twice_sends_once(hold_ready):
    reader = ReaderFactory(email="r@example.org")
    notice = hold_ready(reader)
    assert notice_deliver.call(notice.pk) == []
    assert len(mail.outbox) == 1


def test_unknown_kind_is_refused():
    reader = ReaderFactory()
    with pytest.raises(ValueError):
        notice_create(reader_id=reader.pk, kind="spam", key="k")
    assert Notice.objects.count() == 0


def test_text_message_through_the_configured_gateway(settings, gateway, hold_ready):
    settings.WENLAN_SMS_URL = gateway.url
    settings.WENLAN_SMS_TOKEN = "s3cret"
    reader = ReaderFactory(phone="13900000001", email="", name="李华")
    notice = hold_ready(reader)
    notice.refresh_from_db()
    assert notice.texted_at is not None
    assert gateway.received == [
        (
            {
                "to": "13900000001",
                "text": "预约到书：红楼梦\n李华，您好！您预约的《红楼梦》已到 西湖分馆，"
                "请于 2026-12-02 前取书。",
            },
            "Bearer s3cret",
        )
    ]
    assert notice_deliver.call(notice.pk) == []  # once
    assert len(gateway.received) == 1


def test_gateway_refusal_gives_the_claim_back(settings, gateway):
    settings.WENLAN_SMS_URL = gateway.url
    gateway.status = 503
    reader = ReaderFactory(phone="13900000001", email="")
    with transaction.atomic():
        notice = Notice.objects.create(
            reader=reader,
            kind=NoticeKind.HOLD_EXPIRED,
            key="k",
            params={"title": "书"},
            created_at=clock.now(),
        )
    with pytest.raises(SmsError):
        notice_deliver.call(notice.pk)
    notice.refresh_from_db()
    assert notice.texted_at is None
    gateway.status = 200
    assert notice_deliver.call(notice.pk) == ["sms"]
    assert len(gateway.received) == 2


def test_unreachable_gateway_is_an_sms_error():
    with pytest.raises(SmsError):
        HttpSmsGateway(url="http://127.0.0.1:9/none", timeout=2).send(to="1", text="x")


def _quiet_notice(reader) -> Notice:
    """A notice made without queuing its delivery, so the claims start empty."""
    return Notice.objects.create(
        reader=reader, kind=NoticeKind.HOLD_EXPIRED, key="q", created_at=clock.now()
    )


def test_a_channel_is_claimed_once_until_released():
    frozen = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
    notice = _quiet_notice(ReaderFactory())
    with clock.freeze(frozen):
        assert notice_channel_claim(notice_id=notice.pk, channel="email") is True
        assert notice_channel_claim(notice_id=notice.pk, channel="email") is False
        notice.refresh_from_db()
        assert (notice.emailed_at, notice.texted_at) == (frozen, None)
        assert notice_channel_claim(notice_id=notice.pk, channel="sms") is True
        notice_channel_release(notice_id=notice.pk, channel="email")
        notice.refresh_from_db()
        assert (notice.emailed_at, notice.texted_at) == (None, frozen)
        assert notice_channel_claim(notice_id=notice.pk, channel="email") is True


def test_an_unknown_channel_is_refused():
    notice = _quiet_notice(ReaderFactory())
    with pytest.raises(ValueError):
        notice_channel_claim(notice_id=notice.pk, channel="fax")
    with pytest.raises(ValueError):
        notice_channel_release(notice_id=notice.pk, channel="fax")
    notice.refresh_from_db()
    assert (notice.emailed_at, notice.texted_at) == (None, None)
