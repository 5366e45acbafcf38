"""One kiosk's connection: each request calls the same services and selectors as the
desk, and answers in SIP 2.00. Runs in a worker thread (the services are sync);
a domain refusal becomes the protocol's "not ok" answer with the reason on the
screen line (AF), never an exception out of here.

The patron identifier (AA) is what the kiosk read: a card number, or the content
of a reader's e-card QR code, which those services and selectors resolve
(`patrons.selectors.card_number_resolve`); answers about a reader carry the card
number in AA."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wenlan.accounts.actors import KioskActor
from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can
from wenlan.accounts.services import login_attempt_begin, login_attempt_end
from wenlan.circulation.enums import BlockKind, CheckinOutcome
from wenlan.circulation.selectors.desk import item_circulation
from wenlan.circulation.selectors.readers import (
    checkout_blocks_for,
    fines_owed,
    loan_list_for_reader,
    reader_get_by_card,
    reader_summary,
)
from wenlan.circulation.selectors.rules import library_brief
from wenlan.circulation.services import loans as loan_services
from wenlan.circulation.services import renewals as renewal_services
from wenlan.core import audit, clock
from wenlan.core.errors import WenlanError
from wenlan.interop.sip2.messages import Message, is_ascii_number, sip_date
from wenlan.interop.sip2.replies import (
    CURRENCY,
    ITEM_STATUS,
    PATRON_FIELDS,
    SORT_BIN,
    SUPPORTED,
    Fields,
    Reply,
    iso_date,
    money,
    yn,
)
from wenlan.network.selectors import library_by_code
from wenlan.patrons.services import reader_open_by_card

if TYPE_CHECKING:
    from wenlan.network.models import Library
    from wenlan.patrons.models import Reader


class Connection:
    """State of one SIP2 connection: the kiosk that signed in (a staff account,
    acting with the circulation permissions only and at its library) and where."""

    def __init__(self, *, address: str = "") -> None:
        self.address = address  # the kiosk's, for the sign-in limits and the audit log
        self.actor: KioskActor | None = None
        self.library: Library | None = None
        self.institution = ""
        self.error_detection = False

    # --- helpers ----------------------------------------------------------

    def _now(self) -> str:
        return sip_date(timezone.localtime(clock.now()))

    def _ao(self, message: Message) -> str:
        return message.get("AO") or self.institution

    def _refuse_unauthorised(self, message: Message) -> Reply | None:
        if self.actor is None or self.library is None:
            return self.refusal(message, _("自助机尚未登录。"))
        return None

    def refusal(self, message: Message | None, text: str, code: str | None = None) -> Reply:
        """The "not ok" answer to any request, with the reason on the screen line."""
        code = code or (message.code if message else "")
        now = self._now()
        ao = self._ao(message) if message else self.institution
        aa = message.get("AA") if message else ""
        ab = message.get("AB") if message else ""
        if code == "93":
            return Reply("94", "0")
        if code == "99":
            return self._status_reply(online=False)
        if code in ("23", "63"):
            fixed = " " * 14 + "000" + now
            if code == "63":
                fixed += "0000" * 6
            return Reply(
                "64" if code == "63" else "24",
                fixed,
                [("AO", ao), ("AA", aa), ("AE", ""), ("BL", "N"), ("AF", text)],
            )
        if code == "11":
            return Reply(
                "12",
                "0NNN" + now,
                [("AO", ao), ("AA", aa), ("AB", ab), ("AJ", ""), ("AH", ""), ("AF", text)],
            )
        if code == "09":
            return Reply("10", "0NNN" + now, [("AO", ao), ("AB", ab), ("AQ", ""), ("AF", text)])
        if code == "29":
            return Reply(
                "30",
                "0NNN" + now,
                [("AO", ao), ("AA", aa), ("AB", ab), ("AJ", ""), ("AH", ""), ("AF", text)],
            )
        if code == "65":
            return Reply("66", "0" + "0000" + "0000" + now, [("AO", ao), ("AF", text)])
        if code == "17":
            return Reply("18", "01" + "00" + "01" + now, [("AB", ab), ("AJ", ""), ("AF", text)])
        if code == "35":
            return Reply("36", "N" + now, [("AO", ao), ("AA", aa), ("AF", text)])
        return Reply("96", "")

    def _reader(self, message: Message) -> Reader | None:
        card = message.get("AA").strip()
        if not card:
            return None
        return reader_get_by_card(card_number=card)

    def _password_ok(self, reader: Reader, message: Message) -> bool | None:
        """None when the kiosk sent no patron password (AD). Wrong passwords count
        against the reader's sign-in limit as on the web (RateLimitedError once
        it is reached); the kiosk is signed in, so its address is not limited as a whole."""
        if "AD" not in message.fields or not message.get("AD"):
            return None
        attempt = login_attempt_begin(
            username=reader.card_number, address=self.address, per_address=False
        )
        correct = reader.user is not None and reader.user.check_password(message.get("AD"))
        if correct:
            login_attempt_end(attempt=attempt, succeeded=True)
        return correct

    def _patron_fields(self) -> list[str]:
        return [f for f in PATRON_FIELDS if f in settings.WENLAN_SIP2_PATRON_FIELDS]

    def _patron_open(self, message: Message, *, shown: list[str]) -> Reader | None:
        """A reader the kiosk's library may serve, the read audited as at the desk;
        None for an unknown card and for one out of scope alike."""
        card = message.get("AA").strip()
        if not card:
            return None
        return reader_open_by_card(
            actor=self.actor, card_number=card, perm=Perm.CIRCULATION_DESK, fields=shown
        )

    def _patron_status(self, reader: Reader | None, blocks) -> str:
        if reader is None:
            return "YYYY" + " " * 10
        kinds = {b.kind for b in blocks}
        denied = bool(blocks)
        flags = [
            denied,  # charge privileges denied
            denied,  # renewal privileges denied
            False,  # recall privileges denied
            denied,  # hold privileges denied
            False,  # card reported lost
            False,  # too many items charged
            BlockKind.TOO_MANY_OVERDUE in kinds,
            False,  # too many renewals
            False,  # too many claims of items returned
            False,  # too many items lost
            BlockKind.FINES in kinds,  # excessive outstanding fines
            False,  # excessive outstanding fees
            False,  # recall overdue
            False,  # too many items billed
        ]
        return "".join("Y" if f else " " for f in flags)

    @staticmethod
    def _language(reader: Reader | None) -> str:
        return "001" if reader is not None and reader.language == "en" else "019"

    # --- dispatch ---------------------------------------------------------

    def handle(self, message: Message) -> Reply:
        handler = {
            "93": self.login,
            "99": self.status,
            "23": self.patron_status,
            "63": self.patron_information,
            "11": self.checkout,
            "09": self.checkin,
            "29": self.renew,
            "65": self.renew_all,
            "17": self.item_information,
            "35": self.end_patron,
        }[message.code]
        if message.code not in ("93", "99"):
            refused = self._refuse_unauthorised(message)
            if refused is not None:
                return refused
        language = "zh-hans"
        with translation.override(language), audit.origin(self.address):
            try:
                return handler(message)
            except WenlanError as error:
                return self.refusal(message, str(error))

    # --- messages ---------------------------------------------------------

    def login(self, message: Message) -> Reply:
        # The web's sign-in limit; once reached, the answer is "94" "0" (refusal).
        attempt = login_attempt_begin(username=message.get("CN"), address=self.address)
        user = authenticate(username=message.get("CN"), password=message.get("CO"))
        if user is None or not user.is_active:
            return Reply("94", "0")
        login_attempt_end(attempt=attempt, succeeded=True)
        location = message.get("CP").strip()
        library = library_by_code(code=location, active_only=True)
        if library is None:
            return Reply("94", "0")
        kiosk = KioskActor(user=user, library_id=library.pk)
        if not can(kiosk, Perm.CIRCULATION_DESK, library_id=library.pk):
            return Reply("94", "0")
        self.actor, self.library = kiosk, library
        self.institution = library.code
        return Reply("94", "1")

    def _status_reply(self, *, online: bool) -> Reply:
        fixed = (
            yn(online)
            + yn(online)
            + yn(online)
            + yn(online)
            + "N"
            + "N"
            + "030"
            + "003"
            + self._now()
            + "2.00"
        )
        fields: Fields = [("AO", self.institution)]
        if self.library is not None:
            fields.append(("AM", self.library.name))
        fields += [("BX", SUPPORTED)]
        if self.library is not None:
            fields.append(("AN", self.library.code))
        return Reply("98", fixed, fields)

    def status(self, message: Message) -> Reply:
        return self._status_reply(online=True)

    def patron_status(self, message: Message) -> Reply:
        personal = self._patron_fields()
        reader = self._patron_open(message, shown=["status", "fines", *personal])
        if reader is None:
            fixed = self._patron_status(None, []) + "000" + self._now()
            fields: Fields = [("AO", self._ao(message)), ("AA", message.get("AA"))]
            return Reply(
                "24", fixed, fields + [("AE", ""), ("BL", "N"), ("AF", _("找不到该读者证。"))]
            )
        # The card number, also when the kiosk sent an e-card's content.
        fields = [("AO", self._ao(message)), ("AA", reader.card_number)]
        blocks = checkout_blocks_for(reader=reader)
        owed = fines_owed(reader_id=reader.pk)
        fixed = self._patron_status(reader, blocks) + self._language(reader) + self._now()
        fields += [("AE", reader.name if "name" in personal else ""), ("BL", "Y")]
        password_ok = self._password_ok(reader, message)
        if password_ok is not None:
            fields.append(("CQ", yn(password_ok)))
        if owed > 0:
            fields += [("BH", CURRENCY), ("BV", money(owed))]
        fields.append(("AF", _("；").join(b.message for b in blocks) or None))
        return Reply("24", fixed, fields)

    def patron_information(self, message: Message) -> Reply:
        personal = self._patron_fields()
        reader = self._patron_open(message, shown=["status", "loans", "holds", "fines", *personal])
        if reader is None:
            return self.refusal(message, _("找不到该读者证。"))
        summary = reader_summary(reader=reader)
        summary_flags = message.fixed[21:31]
        bp, bq = message.get("BP"), message.get("BQ")
        start = max(1, int(bp)) if is_ascii_number(bp) else 1
        end = int(bq) if is_ascii_number(bq) else start + 49

        def window(values: list[str]) -> list[str]:
            return values[start - 1 : end]

        ready = [h.item.barcode for h in summary.holds_ready if h.item_id]
        waiting = [h.record.title for h in summary.holds if h.status == "waiting"]
        overdue = [loan.item.barcode for loan in summary.overdue]
        charged = [loan.item.barcode for loan in summary.loans]
        fines = [f"{money(f.amount)} {f.reason}" for f in summary.fines]
        fixed = (
            self._patron_status(reader, summary.blocks)
            + self._language(reader)
            + self._now()
            + f"{len(ready):04d}{len(overdue):04d}{len(charged):04d}{len(fines):04d}"
            + "0000"
            + f"{len(waiting):04d}"
        )
        fields: Fields = [
            ("AO", self._ao(message)),
            ("AA", reader.card_number),
            ("AE", reader.name if "name" in personal else ""),
            ("BL", "Y"),
        ]
        password_ok = self._password_ok(reader, message)
        if password_ok is not None:
            fields.append(("CQ", yn(password_ok)))
        if summary.fines_owed > 0:
            fields += [("BH", CURRENCY), ("BV", money(summary.fines_owed))]
        for flag, fid, values in (
            (0, "AS", ready),
            (1, "AT", overdue),
            (2, "AU", charged),
            (3, "AV", fines),
            (5, "CD", waiting),
        ):
            if len(summary_flags) > flag and summary_flags[flag] == "Y":
                fields += [(fid, v) for v in window(values)]
        if reader.email and "email" in personal:
            fields.append(("BE", reader.email))
        if reader.phone and "phone" in personal:
            fields.append(("BF", reader.phone))
        fields.append(("AF", _("；").join(b.message for b in summary.blocks) or None))
        return Reply("64", fixed, fields)

    def checkout(self, message: Message) -> Reply:
        if message.get("AD"):  # a patron password to check first
            reader = self._reader(message)
            if reader is None:
                return self.refusal(message, _("找不到该读者证。"))
            if self._password_ok(reader, message) is False:
                return self.refusal(message, _("读者密码错误。"))
        result = loan_services.loan_checkout(
            actor=self.actor,
            library_id=self.library.pk,
            barcode=message.get("AB"),
            card_number=message.get("AA"),
            channel="sip2",
        )
        owed = result.standing.fines_owed  # read under the reader's lock
        fields: Fields = [
            ("AO", self._ao(message)),
            ("AA", result.reader.card_number),
            ("AB", result.item.barcode),
            ("AJ", result.item.record.title),
            ("AH", iso_date(result.loan.due_on)),
        ]
        if owed > 0:
            fields += [("BT", "04"), ("BH", CURRENCY), ("BV", money(owed))]
        fields += [
            ("CK", "001"),
            ("BK", str(result.loan.pk)),
            ("AF", _("借书成功，请于 %(due)s 前归还。") % {"due": result.loan.due_on}),
        ]
        return Reply("12", "1NNY" + self._now(), fields)

    def checkin(self, message: Message) -> Reply:
        result = loan_services.loan_checkin(
            actor=self.actor,
            library_id=self.library.pk,
            barcode=message.get("AB"),
            channel="sip2",
        )
        item = result.item
        route = result.route
        alert = result.outcome != CheckinOutcome.SHELVE and result.changed
        fields: Fields = [
            ("AO", self._ao(message)),
            ("AB", item.barcode),
            ("AQ", item.library.code),
            ("AJ", item.record.title),
            ("CL", SORT_BIN[result.outcome]),
        ]
        if route is not None and route.hold is not None:
            fields.append(("AA", route.hold.reader.card_number))
        fields.append(("CK", "001"))
        if result.outcome == CheckinOutcome.HOLD_SHELF:
            fields.append(("CV", "01"))
        elif result.outcome == CheckinOutcome.TRANSIT:
            fields.append(("CV", "02" if route.hold is not None else "04"))
        if route is not None and route.destination_id:
            fields.append(("CT", library_brief(route.destination_id).code))
        if result.fine > 0:
            fields += [("BH", CURRENCY), ("BV", money(result.fine))]
        fields.append(("AF", result.message))
        fixed = "1" + yn(not alert) + "N" + yn(alert) + self._now()
        return Reply("10", fixed, fields)

    def _loan_for(self, reader: Reader, barcode: str):
        return next(
            (
                loan
                for loan in loan_list_for_reader(reader_id=reader.pk)
                if loan.item.barcode == barcode.strip()
            ),
            None,
        )

    def renew(self, message: Message) -> Reply:
        reader = self._reader(message)
        if reader is None:
            return self.refusal(message, _("找不到该读者证。"))
        loan = self._loan_for(reader, message.get("AB"))
        if loan is None:
            return self.refusal(message, _("该读者没有借这本书。"))
        renewed = renewal_services.loan_renew(
            actor=self.actor, loan_id=loan.pk, library_id=self.library.pk, channel="sip2"
        )
        fields: Fields = [
            ("AO", self._ao(message)),
            ("AA", reader.card_number),
            ("AB", loan.item.barcode),
            ("AJ", loan.record.title),
            ("AH", iso_date(renewed.due_on)),
            ("CK", "001"),
            ("AF", _("续借成功，请于 %(due)s 前归还。") % {"due": renewed.due_on}),
        ]
        return Reply("30", "1YNY" + self._now(), fields)

    def renew_all(self, message: Message) -> Reply:
        reader = self._reader(message)
        if reader is None:
            return self.refusal(message, _("找不到该读者证。"))
        result = renewal_services.loans_renew_all(
            actor=self.actor, reader_id=reader.pk, library_id=self.library.pk, channel="sip2"
        )
        barcodes = {loan.pk: loan.item.barcode for loan, _reason in result.refused}
        renewed = loan_list_for_reader(reader_id=reader.pk).filter(
            pk__in=[loan.pk for loan in result.renewed]
        )
        fields: Fields = [("AO", self._ao(message))]
        fields += [("BM", loan.item.barcode) for loan in renewed]
        fields += [("BN", barcodes[loan.pk]) for loan, _reason in result.refused]
        fixed = (
            yn(bool(result.renewed)).replace("Y", "1").replace("N", "0")
            + f"{len(result.renewed):04d}{len(result.refused):04d}"
            + self._now()
        )
        return Reply("66", fixed, fields)

    def item_information(self, message: Message) -> Reply:
        found = item_circulation(barcode=message.get("AB"))
        if found is None:
            return self.refusal(message, _("找不到该条码的单册。"))
        item = found.item
        fields: Fields = [("CF", str(found.hold_queue_length))]
        if found.loan is not None:
            fields.append(("AH", iso_date(found.loan.due_on)))
        if found.ready_hold is not None:
            fields.append(("CM", iso_date(found.ready_hold.expires_on)))
        fields += [
            ("AB", item.barcode),
            ("AJ", item.record.title),
            ("BG", item.library.code),
            ("CK", "001"),
            ("AQ", item.library.code),
            ("AP", item.location.code if item.location else item.library.code),
        ]
        if found.transit is not None:
            fields.append(("CT", found.transit.to_library.code))
        fields.append(("AF", item.get_status_display()))
        fixed = ITEM_STATUS.get(item.status, "01") + "00" + "01" + self._now()
        return Reply("18", fixed, fields)

    def end_patron(self, message: Message) -> Reply:
        """SIP2's "End Patron Session" (35): the reader is done at the kiosk."""
        return Reply(
            "36", "Y" + self._now(), [("AO", self._ao(message)), ("AA", message.get("AA"))]
        )
