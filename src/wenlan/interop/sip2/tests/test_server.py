"""A kiosk talking to the server over a real socket, message by message."""

import asyncio
import datetime as dt

import pytest

from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.models import Loan
from wenlan.circulation.tests.conftest import NOW
from wenlan.circulation.tests.factories import HoldFactory, LoanFactory
from wenlan.interop.sip2.messages import build
from wenlan.interop.sip2.messages import parse_response as parse
from wenlan.interop.sip2.server import Sip2Server
from wenlan.interop.sip2.tests.kiosk import DATE, InlineExecutor, converse, login, request
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory, ecard_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_login_status_and_wrong_password(kiosk):
    bad = build(
        "93",
        "00",
        [("CN", "kiosk-hz"), ("CO", "nope"), ("CP", "HZ")],
        sequence="0",
        with_checksum=True,
    ).rstrip(b"\r")
    answers = converse([bad, login("1"), request("99", "0 402.00", [], "2")])
    assert answers[0] == b"940AY0AZFDFE"
    assert answers[1] == b"941AY1AZFDFC"
    status = parse(answers[2])
    assert status.code == "98"
    assert status.fixed == "YYYYNN030003" + DATE + "2.00"
    assert status.get("AO") == "HZ"
    assert status.get("AM") == "杭州图书馆"
    assert status.get("BX") == "YYYNYYYYYNYNNNYY"


def test_a_kiosk_that_has_not_logged_in_is_refused(hz):
    answer = parse(
        converse([request("11", "YN" + DATE + " " * 18, [("AO", "HZ"), ("AA", "X"), ("AB", "Y")])])[
            0
        ]
    )
    assert (answer.code, answer.fixed[:1], answer.get("AF")) == ("12", "0", "自助机尚未登录。")


def test_checkout_checkin_and_item_information(kiosk, hz):
    reader = ReaderFactory(home_library=hz, card_number="HZ12345678")
    item = ItemFactory(library=hz, barcode="HZ000001", record=RecordFactory(title="西湖梦寻"))
    answers = converse(
        [
            login(),
            request(
                "11",
                "YN" + DATE + " " * 18,
                [("AO", "HZ"), ("AA", "HZ12345678"), ("AB", "HZ000001"), ("AC", "")],
                "1",
            ),
            request("17", DATE, [("AO", "HZ"), ("AB", "HZ000001")], "2"),
            request("09", "N" + DATE + DATE, [("AP", "HZ"), ("AO", "HZ"), ("AB", "HZ000001")], "3"),
            request("09", "N" + DATE + DATE, [("AP", "HZ"), ("AO", "HZ"), ("AB", "HZ000001")], "4"),
        ]
    )
    out = parse(answers[1])
    assert (out.code, out.fixed, out.sequence) == ("12", "1NNY" + DATE, "1")
    assert (out.get("AA"), out.get("AB"), out.get("AJ"), out.get("AH")) == (
        "HZ12345678",
        "HZ000001",
        "西湖梦寻",
        "2026-12-25",
    )
    assert "BV" not in out.fields  # lending is free: the "no fee" answer
    loan = Loan.objects.get()
    assert loan.reader_id == reader.pk
    info = parse(answers[2])
    assert info.fixed == "04" + "00" + "01" + DATE
    assert (info.get("AH"), info.get("CF"), info.get("AQ")) == ("2026-12-25", "0", "HZ")
    back = parse(answers[3])
    assert back.fixed == "1YNN" + DATE
    assert (back.get("CL"), back.get("AF")) == ("1", "上架")
    again = parse(answers[4])  # the second return: nothing more happens
    assert again.fixed == "1YNN" + DATE
    assert again.get("AF") == "无需处理：该单册已在架。"
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE


def test_checkin_of_a_copy_someone_waits_for_alerts_the_sorter(kiosk, hz):
    east = LibraryFactory(code="EAST")
    item = ItemFactory(
        library=hz, barcode="HZ000002", status=ItemStatus.ON_LOAN, due_on=dt.date(2026, 12, 1)
    )
    Loan.objects.create(
        item=item,
        record=item.record,
        reader=ReaderFactory(),
        library=hz,
        loaned_at=NOW,
        due_on=dt.date(2026, 12, 1),
    )
    waiting = ReaderFactory(card_number="HZ00009999")
    HoldFactory(record=item.record, reader=waiting, pickup_library=east)
    answer = parse(
        converse(
            [
                login(),
                request("09", "N" + DATE + DATE, [("AP", "HZ"), ("AO", "HZ"), ("AB", "HZ000002")]),
            ]
        )[1]
    )
    assert answer.fixed == "1NNY" + DATE
    assert (answer.get("CL"), answer.get("CV"), answer.get("CT"), answer.get("AA")) == (
        "3",
        "02",
        "EAST",
        "HZ00009999",
    )


def test_refusals_carry_the_reason(kiosk, hz):
    ReaderFactory(
        home_library=hz,
        card_number="HZ55555555",
        expiry_date=dt.date(2026, 1, 1),
        registered_on=dt.date(2025, 1, 1),
    )
    ItemFactory(library=hz, barcode="HZ000003")
    answers = converse(
        [
            login(),
            request(
                "11",
                "YN" + DATE + " " * 18,
                [("AO", "HZ"), ("AA", "HZ55555555"), ("AB", "HZ000003")],
            ),
            request(
                "23", "019" + DATE, [("AO", "HZ"), ("AA", "HZ55555555"), ("AC", ""), ("AD", "")]
            ),
            request(
                "11",
                "YN" + DATE + " " * 18,
                [("AO", "HZ"), ("AA", "NOSUCHCARD"), ("AB", "HZ000003")],
            ),
        ]
    )
    refused = parse(answers[1])
    assert refused.fixed[:1] == "0"
    assert refused.get("AF") == "该读者暂不能借书：读者证已于 2026-01-01 过期。"
    status = parse(answers[2])
    assert status.fixed[:14] == "YY Y" + " " * 10
    assert (status.get("BL"), status.get("AF")) == ("Y", "读者证已于 2026-01-01 过期。")
    assert parse(answers[3]).get("AF") == "找不到该读者证。"
    assert not Loan.objects.exists()


def test_patron_information_lists_charged_items_and_fees(kiosk, hz):
    from decimal import Decimal

    from wenlan.circulation.models import Fine

    reader = ReaderFactory(home_library=hz, card_number="HZ66666666", name="王芳")
    for n in range(2):
        item = ItemFactory(
            library=hz,
            barcode=f"HZ10000{n}",
            status=ItemStatus.ON_LOAN,
            due_on=dt.date(2026, 12, 1),
        )
        Loan.objects.create(
            item=item,
            record=item.record,
            reader=reader,
            library=hz,
            loaned_at=NOW,
            due_on=dt.date(2026, 12, 1),
        )
    Fine.objects.create(reader=reader, amount=Decimal("2.50"), reason="逾期 5 天", created_at=NOW)
    answer = parse(
        converse(
            [
                login(),
                request("63", "019" + DATE + "  Y       ", [("AO", "HZ"), ("AA", "HZ66666666")]),
            ]
        )[1]
    )
    assert answer.code == "64"
    assert answer.fixed[17:] == DATE + "0000" + "0000" + "0002" + "0001" + "0000" + "0000"
    assert answer.fields["AU"] == ["HZ100000", "HZ100001"]
    assert (answer.get("AE"), answer.get("BH"), answer.get("BV")) == ("王芳", "CNY", "2.50")


def test_renew_and_renew_all(kiosk, hz):
    reader = ReaderFactory(home_library=hz, card_number="HZ77777777")
    items = []
    for n in range(2):
        item = ItemFactory(
            library=hz,
            barcode=f"HZ20000{n}",
            status=ItemStatus.ON_LOAN,
            due_on=dt.date(2026, 12, 1),
        )
        Loan.objects.create(
            item=item,
            record=item.record,
            reader=reader,
            library=hz,
            loaned_at=NOW - dt.timedelta(days=24),
            due_on=dt.date(2026, 12, 1),
        )
        items.append(item)
    HoldFactory(record=items[1].record, pickup_library=hz, status=HoldStatus.WAITING)
    answers = converse(
        [
            login(),
            request(
                "29",
                "NN" + DATE + " " * 18,
                [("AO", "HZ"), ("AA", "HZ77777777"), ("AB", "HZ200000")],
            ),
            request("65", DATE, [("AO", "HZ"), ("AA", "HZ77777777")]),
        ]
    )
    renewed = parse(answers[1])
    # Renewed from its due date (the rules' default): 2026-12-01 + 30 days.
    assert (renewed.fixed[:4], renewed.get("AH")) == ("1YNY", "2026-12-31")
    all_ = parse(answers[2])
    assert all_.fixed[:9] == "0" + "0000" + "0002"  # one renewal used, one title awaited
    assert all_.fields["BN"] == ["HZ200001", "HZ200000"]  # by due date: the renewed one last


def test_bad_checksum_asks_for_a_resend_and_the_connection_goes_on(kiosk):
    answers = converse(
        [
            # The guide's login example as printed (its checksum is misprinted).
            b"9300CNLoginUserID|COLoginPassword|CPLocationCode|AY5AZEC78",
            login("1"),
            b"97AZFEF5",
            b"This is not SIP2",
            request("35", DATE, [("AO", "HZ"), ("AA", "HZ1")], "2"),
        ]
    )
    assert answers[0] == b"96AZFEF6"
    assert answers[1] == b"941AY1AZFDFC"
    assert answers[2] == answers[1]  # 97: our last answer again
    assert answers[3] == b"96AZFEF6"
    end = parse(answers[4])
    assert (end.code, end.fixed[:1], end.get("AA")) == ("36", "Y", "HZ1")


def test_a_short_message_of_a_known_kind_gets_that_kinds_refusal(kiosk):
    answers = converse([login(), request("11", "YN2026", [])])
    refused = parse(answers[1])
    assert (refused.code, refused.fixed[:1], refused.get("AF")) == ("12", "0", "无法识别的请求。")


def test_a_message_that_lost_its_trailer_is_sent_again(kiosk):
    answers = converse([login(), b"17" + DATE.encode() + b"AOHZ|ABX|AY1BZ0000"])
    assert answers[1] == b"96AZFEF6"


def test_a_kiosk_that_hangs_up_mid_transaction_leaves_a_whole_loan(kiosk, hz):
    ReaderFactory(home_library=hz, card_number="HZ88888888")
    ItemFactory(library=hz, barcode="HZ000009")
    executor = InlineExecutor()

    async def run():
        server = await Sip2Server(executor=executor).serve("127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(login() + b"\r")
        await reader.readuntil(b"\r")
        checkout = request(
            "11",
            "YN" + DATE + " " * 18,
            [("AO", "HZ"), ("AA", "HZ88888888"), ("AB", "HZ000009")],
        )
        writer.write(checkout + b"\r")
        await writer.drain()
        writer.close()  # gone before the answer
        await asyncio.sleep(0.2)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(login("2") + b"\r")
        await reader.readuntil(b"\r")
        writer.write(request("17", DATE, [("AO", "HZ"), ("AB", "HZ000009")], "3") + b"\r")
        answer = await asyncio.wait_for(reader.readuntil(b"\r"), 5)
        writer.close()
        server.close()
        await server.wait_closed()
        return answer.rstrip(b"\r")

    info = parse(asyncio.run(run()))
    assert info.fixed[:2] == "04"  # charged: the loan was made whole
    loan = Loan.objects.get()
    assert (loan.item.barcode, loan.reader.card_number) == ("HZ000009", "HZ88888888")


def test_an_unexpected_failure_is_answered_and_the_connection_goes_on(kiosk, monkeypatch):
    from wenlan.interop.sip2.handlers import Connection

    def broken(self, message):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Connection, "item_information", broken)
    answers = converse(
        [
            login(),
            request("17", DATE, [("AO", "HZ"), ("AB", "X")]),
            request("35", DATE, [("AO", "HZ"), ("AA", "HZ1")], "2"),
        ]
    )
    failed = parse(answers[1])
    assert (failed.code, failed.get("AF")) == ("18", "系统暂时无法处理，请到服务台办理。")
    assert parse(answers[2]).code == "36"


# --- a kiosk that scans a reader's e-card sends its content as the patron id (AA) ------


def _patron_status(card: str, sequence: str) -> bytes:
    return request("23", "019" + DATE, [("AO", "HZ"), ("AA", card)], sequence)


def _checkout(card: str, barcode: str, sequence: str) -> bytes:
    fields = [("AO", "HZ"), ("AA", card), ("AB", barcode), ("AC", "")]
    return request("11", "YN" + DATE + " " * 18, fields, sequence)


def test_a_kiosk_serves_an_ecard_and_answers_with_the_card_number(kiosk, hz):
    reader = ReaderFactory(home_library=hz, card_number="HZ12345678", name="苏轼")
    ItemFactory(library=hz, barcode="HZ000001", record=RecordFactory(title="东坡志林"))
    LoanFactory(reader=reader, item__library=hz, item__barcode="HZ000002")
    token = ecard_token(reader)
    assert "|" not in token
    answers = converse(
        [
            login(),
            _patron_status(token, "1"),
            _checkout(token, "HZ000001", "2"),
            request(
                "29", "NN" + DATE + " " * 18, [("AO", "HZ"), ("AA", token), ("AB", "HZ000002")], "3"
            ),
            request("63", "019" + DATE + " " * 10, [("AO", "HZ"), ("AA", token)], "4"),
        ]
    )
    status, checkout, renew, information = (parse(answer) for answer in answers[1:])
    assert (status.code, status.get("AA"), status.get("BL"), status.get("AE")) == (
        "24",
        "HZ12345678",
        "Y",
        "苏轼",
    )
    assert (checkout.code, checkout.fixed[:1], checkout.get("AA")) == ("12", "1", "HZ12345678")
    assert (renew.code, renew.fixed[:1], renew.get("AA")) == ("30", "1", "HZ12345678")
    assert (information.code, information.get("AA")) == ("64", "HZ12345678")
    assert Loan.objects.get(item__barcode="HZ000001").reader_id == reader.pk


def test_a_kiosk_is_told_why_an_ecard_is_refused_and_lends_nothing(kiosk, hz):
    reader = ReaderFactory(home_library=hz)
    ItemFactory(library=hz, barcode="HZ000001")
    expired = ecard_token(reader, seconds_ago=61)
    suspended = ReaderFactory(home_library=hz)
    shown_before = ecard_token(suspended)
    Reader.objects.filter(pk=suspended.pk).update(status="suspended")
    answers = converse(
        [
            login(),
            _patron_status(expired, "1"),
            _checkout(expired, "HZ000001", "2"),
            _patron_status(expired[:-1] + "x", "3"),
            _checkout(shown_before, "HZ000001", "4"),
        ]
    )
    status, checkout, forged, blocked = (parse(answer) for answer in answers[1:])
    expired_text = "电子读者证已过期，请刷新二维码后重新出示。"
    assert (status.code, status.get("BL"), status.get("AF")) == ("24", "N", expired_text)
    assert (checkout.code, checkout.fixed[:1], checkout.get("AF")) == ("12", "0", expired_text)
    assert (forged.get("BL"), forged.get("AF")) == ("N", "电子读者证无效，请刷新二维码后重新出示。")
    assert (blocked.fixed[:1], blocked.get("AF")) == ("0", "读者证已暂停使用。")
    assert not Loan.objects.exists()
