"""What a kiosk, or something pretending to be one, cannot do: guess passwords
faster than on the web, read readers outside its library's scope or more of their
data than the network allows, hold connections open, or trip the server."""

import asyncio
import logging

import pytest
from django.urls import reverse

from wenlan.accounts.actors import KioskActor
from wenlan.accounts.enums import Perm
from wenlan.accounts.models import LoginFailure
from wenlan.accounts.permissions import can
from wenlan.accounts.tests.factories import PASSWORD
from wenlan.core.models import AuditEntry
from wenlan.interop.sip2.handlers import Connection
from wenlan.interop.sip2.messages import build
from wenlan.interop.sip2.messages import parse as parse_request
from wenlan.interop.sip2.messages import parse_response as parse
from wenlan.interop.sip2.server import Sip2Server
from wenlan.interop.sip2.tests.kiosk import DATE, InlineExecutor, converse, login, request
from wenlan.network.tests.factories import LibraryFactory, ThemedBranchFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

KIOSK = "127.0.0.1"


def kiosk_login(password: str, sequence: str = "0") -> bytes:
    return build(
        "93",
        "00",
        [("CN", "kiosk-hz"), ("CO", password), ("CP", "HZ")],
        sequence=sequence,
        with_checksum=True,
    ).rstrip(b"\r")


def patron_status(card: str, password: str | None = None, sequence: str = "1") -> bytes:
    fields = [("AO", "HZ"), ("AA", card)]
    if password is not None:
        fields.append(("AD", password))
    return request("23", "019" + DATE, fields, sequence)


def patron_information(card: str, sequence: str = "1") -> bytes:
    return request("63", "019" + DATE + " " * 10, [("AO", "HZ"), ("AA", card)], sequence)


# --- passwords ---------------------------------------------------------------


def test_kiosk_logins_stop_after_five_wrong_passwords(kiosk):
    """Before, every one of any number of wrong 93s was checked."""
    answers = converse([kiosk_login("wrong", str(n)) for n in range(5)] + [kiosk_login(PASSWORD)])
    assert [a[:3] for a in answers] == [b"940"] * 6
    assert LoginFailure.objects.filter(username="kiosk-hz", address=KIOSK).count() == 5


def test_wrong_web_passwords_count_against_a_kiosk_login_from_the_same_address(client, kiosk):
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "kiosk-hz", "password": "wrong"},
            REMOTE_ADDR=KIOSK,
        )
    assert converse([kiosk_login(PASSWORD)])[0][:3] == b"940"


def test_a_right_kiosk_login_clears_its_failures(kiosk):
    answers = converse(
        [kiosk_login("wrong"), kiosk_login("wrong", "1"), kiosk_login(PASSWORD, "2")]
    )
    assert [a[:3] for a in answers] == [b"940", b"940", b"941"]
    assert LoginFailure.objects.count() == 0


def test_patron_passwords_go_through_the_web_limit(kiosk, hz):
    """Before, a kiosk could try a reader's passwords without end."""
    ReaderFactory(home_library=hz, card_number="HZ12345678")
    answers = converse(
        [login()]
        + [patron_status("HZ12345678", "wrong", str(n % 10)) for n in range(5)]
        + [patron_status("HZ12345678", PASSWORD, "6")]
    )
    guesses = [parse(a) for a in answers[1:6]]
    assert [(g.code, g.get("BL"), g.get("CQ")) for g in guesses] == [("24", "Y", "N")] * 5
    refused = parse(answers[6])
    assert (refused.code, refused.get("BL"), refused.get("CQ")) == ("24", "N", "")
    assert refused.get("AF") == "密码错误次数过多，请 15 分钟后再试。"
    assert (
        list(LoginFailure.objects.values_list("username", "address")) == [("hz12345678", KIOSK)] * 5
    )


def test_a_right_patron_password_is_confirmed(kiosk, hz):
    ReaderFactory(home_library=hz, card_number="HZ12345678")
    answers = converse([login(), patron_status("HZ12345678", PASSWORD)])
    assert parse(answers[1]).get("CQ") == "Y"
    assert LoginFailure.objects.count() == 0


# --- what a signed-in kiosk may do ------------------------------------------------


def test_a_kiosk_acts_as_its_user_for_circulation_at_its_library_only(kiosk, hz):
    """Before, the handler narrowed the user object itself (an attribute on it)."""
    branch = ThemedBranchFactory(code="HZ-1", parent=hz)
    ReaderFactory(home_library=branch, card_number="HZ10000001")
    connection = Connection(address=KIOSK)
    assert connection.handle(parse_request(login())).fixed == "1"
    assert connection.actor == KioskActor(user=kiosk, library_id=hz.pk)
    assert [name for name in vars(connection.actor.user) if "wenlan" in name] == []
    assert can(kiosk, Perm.READER_CHANGE, library_id=branch.pk) is True
    assert can(connection.actor, Perm.READER_CHANGE, library_id=hz.pk) is False
    # The branch's readers are served at the branch's own kiosks.
    unknown = connection.handle(parse_request(patron_status("HZ10000001")))
    assert (unknown.code, unknown.fields[-1]) == ("24", ("AF", "找不到该读者证。"))


# --- which readers, which fields -------------------------------------------------


def test_a_reader_outside_the_kiosks_scope_is_answered_as_an_unknown_card(kiosk, hz):
    """Before, any kiosk read any reader of the network, with phone and e-mail."""
    elsewhere = LibraryFactory(code="NB")
    ReaderFactory(home_library=elsewhere, card_number="NB00000001", name="李雷")
    answers = converse(
        [
            login(),
            patron_status("NB00000001", sequence="1"),
            patron_status("XX00000000", sequence="2"),
            patron_information("NB00000001", sequence="3"),
            patron_information("XX00000000", sequence="4"),
        ]
    )
    outside, unknown = parse(answers[1]), parse(answers[2])
    assert (outside.fixed, outside.get("AE"), outside.get("BL"), outside.get("AF")) == (
        unknown.fixed,
        "",
        "N",
        "找不到该读者证。",
    )
    outside, unknown = parse(answers[3]), parse(answers[4])
    assert (outside.code, outside.get("AE"), outside.get("AF")) == ("64", "", "找不到该读者证。")
    assert (unknown.code, unknown.get("AF")) == ("64", "找不到该读者证。")
    assert AuditEntry.objects.count() == 0


def test_a_kiosk_is_sent_the_name_only_and_the_read_is_audited(kiosk, hz):
    reader = ReaderFactory(
        home_library=hz, card_number="HZ12345678", name="王芳", email="wf@example.org"
    )
    answers = converse([login(), patron_information("HZ12345678"), patron_status("HZ12345678")])
    information, status = parse(answers[1]), parse(answers[2])
    assert (information.get("AE"), information.get("BE"), information.get("BF")) == ("王芳", "", "")
    assert "BE" not in information.fields and "BF" not in information.fields
    assert status.get("AE") == "王芳"
    entries = list(
        AuditEntry.objects.order_by("pk").values_list(
            "actor_id", "action", "subject_type", "subject_id", "fields", "origin"
        )
    )
    assert entries == [
        (
            kiosk.pk,
            "read",
            "patrons.reader",
            str(reader.pk),
            sorted(["status", "loans", "holds", "fines", "name"]),
            KIOSK,
        ),
        (kiosk.pk, "read", "patrons.reader", str(reader.pk), ["fines", "name", "status"], KIOSK),
    ]


def test_the_network_may_allow_phone_and_email_or_nothing(kiosk, hz, settings):
    ReaderFactory(
        home_library=hz,
        card_number="HZ12345678",
        name="王芳",
        phone="13800000001",
        email="wf@example.org",
    )
    settings.WENLAN_SIP2_PATRON_FIELDS = ["name", "phone", "email"]
    everything = parse(converse([login(), patron_information("HZ12345678")])[1])
    assert (everything.get("AE"), everything.get("BF"), everything.get("BE")) == (
        "王芳",
        "13800000001",
        "wf@example.org",
    )
    settings.WENLAN_SIP2_PATRON_FIELDS = []
    nothing = parse(converse([login(), patron_information("HZ12345678")])[1])
    assert (nothing.code, nothing.get("AA"), nothing.get("AE"), nothing.get("BL")) == (
        "64",
        "HZ12345678",
        "",
        "Y",
    )
    assert "BE" not in nothing.fields and "BF" not in nothing.fields
    assert AuditEntry.objects.filter(fields=["fines", "holds", "loans", "status"]).count() == 1


# --- numbers and checksums ---------------------------------------------------------


@pytest.mark.parametrize("value", ["１", "١", "²"])
def test_a_number_in_other_digits_gets_a_refusal(kiosk, hz, value):
    """'²'.isdigit() is True and int('²') raises: before, that was the last-resort
    answer and a logged traceback; '１' was read as 1."""
    ReaderFactory(home_library=hz, card_number="HZ12345678")
    fields = [("AO", "HZ"), ("AA", "HZ12345678"), ("BP", value), ("BQ", "5")]
    answers = converse([login(), request("63", "019" + DATE + "Y" * 10, fields)])
    refused = parse(answers[1])
    assert (refused.code, refused.get("AE"), refused.get("AF")) == ("64", "", "无法识别的请求。")
    assert AuditEntry.objects.count() == 0


def test_a_checksum_in_full_width_digits_asks_for_a_resend(kiosk):
    raw = "9900302.00AY1AZ１２３４".encode()
    answers = converse([login(), raw])
    assert answers[1] == b"96AZFEF6"


# --- connections ------------------------------------------------------------------


def _serve(test, **limits):
    executor = InlineExecutor()

    async def run():
        sip2 = Sip2Server(executor=executor, **limits)
        server = await sip2.serve("127.0.0.1", 0)
        try:
            return await test(sip2, server.sockets[0].getsockname()[1])
        finally:
            server.close()
            await server.wait_closed()

    return asyncio.run(run())


async def _status(reader, writer) -> bytes:
    writer.write(request("99", "0 402.00", []) + b"\r")
    await writer.drain()
    return await asyncio.wait_for(reader.readuntil(b"\r"), 5)


def test_eight_kilobytes_without_a_line_end_drop_the_connection_and_the_server_goes_on(
    kiosk, caplog
):
    """Before, the client hanging up meanwhile raised IncompleteReadError out of the
    connection's task ("Unhandled exception in client_connected_cb")."""

    async def test(sip2, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"9" * 9000)
        await writer.drain()
        writer.close()
        await asyncio.sleep(0.2)
        closed_by_server = []
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"1" * 9000)
        await writer.drain()
        closed_by_server.append(await asyncio.wait_for(reader.read(), 5))
        writer.close()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        answer = await _status(reader, writer)
        writer.close()
        await asyncio.sleep(0.05)
        return closed_by_server, answer, (sip2.connections, dict(sip2.open_by_address))

    with caplog.at_level(logging.INFO):
        closed, answer, (connections, open_by_address) = _serve(test)
    assert closed == [b""]
    assert parse(answer.rstrip(b"\r")).code == "98"
    assert (connections, open_by_address) == (0, {})
    messages = [r.getMessage() for r in caplog.records]
    assert (
        messages.count("SIP2 connection from 127.0.0.1 closed: 8192 bytes without a line end") == 2
    )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_silent_connection_is_closed_after_the_idle_time(kiosk, caplog):
    async def test(sip2, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        first = await _status(reader, writer)
        closed = await asyncio.wait_for(reader.read(), 5)
        writer.close()
        return first, closed

    with caplog.at_level(logging.INFO):
        first, closed = _serve(test, idle_seconds=0.3)
    assert (parse(first.rstrip(b"\r")).code, closed) == ("98", b"")
    assert "SIP2 connection from 127.0.0.1 closed: silent for 0.3s" in caplog.messages


def test_one_address_may_hold_only_so_many_connections(kiosk, caplog):
    async def test(sip2, port):
        held = [await asyncio.open_connection("127.0.0.1", port) for _ in range(2)]
        answers = [await _status(r, w) for r, w in held]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        refused = await asyncio.wait_for(reader.read(), 5)
        writer.close()
        held[0][1].close()
        await asyncio.sleep(0.1)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        again = await _status(reader, writer)
        writer.close()
        held[1][1].close()
        return answers, refused, again

    with caplog.at_level(logging.INFO):
        answers, refused, again = _serve(test, max_per_address=2)
    assert [parse(a.rstrip(b"\r")).code for a in answers] == ["98", "98"]
    assert refused == b""
    assert parse(again.rstrip(b"\r")).code == "98"
    assert "SIP2 connection from 127.0.0.1 refused: 2 already open" in caplog.messages
