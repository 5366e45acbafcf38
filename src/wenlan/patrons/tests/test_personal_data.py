"""The reader's data export and erasure across every app (core/personal_data.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from wenlan.accounts.enums import Role
from wenlan.accounts.models import User
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.enums import ItemStatus
from wenlan.catalog.tests.factories import ItemFactory
from wenlan.circulation.enums import HoldStatus
from wenlan.circulation.models import Fine, Hold, Loan, ReadingHistoryEntry
from wenlan.circulation.tests.factories import HoldFactory, LoanFactory
from wenlan.core import clock
from wenlan.core.models import AuditAction, AuditEntry
from wenlan.events.enums import ClubRole, ProposalStatus, RegistrationStatus
from wenlan.events.models import (
    ActivityProposal,
    ClubMembership,
    Occurrence,
    ReadingClub,
    Registration,
)
from wenlan.events.tests.factories import OccurrenceFactory, RegistrationFactory
from wenlan.notices.enums import NoticeKind
from wenlan.notices.models import Notice
from wenlan.patrons import services
from wenlan.patrons.enums import ReaderStatus
from wenlan.patrons.errors import ErasureRefusedError
from wenlan.patrons.models import Reader
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.spaces.enums import BookingStatus
from wenlan.spaces.models import Booking
from wenlan.spaces.tests.factories import BookingFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    monkeypatch.setattr(clock, "today", lambda: NOW.date())


def _club(reader) -> ReadingClub:
    return ReadingClub.objects.create(
        slug="book-lovers",
        name_zh="书友会",
        name_en="Book lovers",
        description_zh="每月读一本书",
        library=reader.home_library,
        founder=reader,
    )


def _proposal(reader, **fields) -> ActivityProposal:
    return ActivityProposal.objects.create(
        reader=reader,
        library=reader.home_library,
        title="社区读书会",
        description="一起读《活着》",
        audience="成人",
        preferred_date=dt.date(2026, 12, 20),
        expected_people=12,
        **fields,
    )


def test_export_holds_every_section_with_the_readers_data():
    reader = ReaderFactory(card_number="HZ00000042", name="陈静", keep_reading_history=True)
    loan = LoanFactory(reader=reader, item__barcode="B00000001", item__record__title="活着")
    ReadingHistoryEntry.objects.create(
        reader=reader,
        record=loan.record,
        loaned_on=dt.date(2026, 9, 1),
        returned_on=dt.date(2026, 9, 20),
    )
    HoldFactory(reader=reader, record__title="围城")
    Fine.objects.create(reader=reader, reason="逾期 3 天", amount=Decimal("1.50"), created_at=NOW)
    Notice.objects.create(
        reader=reader,
        kind=NoticeKind.DUE_SOON,
        key="k1",
        params={"title": "活着", "due": "2026-12-01"},
        created_at=NOW,
    )
    RegistrationFactory(reader=reader, ticket_code="TK00000777")
    BookingFactory(reader=reader)
    _proposal(reader)
    club = _club(reader)
    ClubMembership.objects.create(club=club, reader=reader, role=ClubRole.ORGANISER, joined_at=NOW)
    admin = staff_with_role(Role.NETWORK_ADMIN, username="staff-li")
    services.reader_open(actor=admin, reader_id=reader.pk)

    data = services.reader_export_data(actor=reader.user, reader_id=reader.pk)

    assert list(data) == [
        "exported_at",
        "reader",
        "privacy",
        "account",
        "api_keys",
        "staff_roles",
        "password_reset_codes",
        "loans",
        "holds",
        "fines",
        "borrowing_blocks",
        "notices",
        "event_registrations",
        "bookings",
        "proposals",
        "club_memberships",
        "clubs_founded",
        "events_organised",
        "knowledge_articles_edited",
        "learning_progress",
        "learning_classes",
        "learning_certificates",
        "volunteer_profile",
        "volunteer_shifts",
        "volunteer_certificates",
        "yuedu",
        "yuedu_settlements_accepted",
        "handon",
        "purchase_suggestions",
        "purchase_suggestions_decided",
        "bookstore_orders",
        "deliveries",
        "delivery_fees",
        "reference_questions",
        "reference_work",
        "thinktank_work",
        "rankings_work",
        "recommendations",
        "recommendations_work",
        "booklists_work",
        "robot_conversations",
        "staff_access",
    ]
    assert data["reader"]["name"] == "陈静"
    assert data["loans"]["current"][0]["title"] == "活着"
    assert data["loans"]["current"][0]["barcode"] == "B00000001"
    assert data["loans"]["history"] == [
        {"title": "活着", "loaned_on": "2026-09-01", "returned_on": "2026-09-20"}
    ]
    assert [h["title"] for h in data["holds"]] == ["围城"]
    assert data["fines"] == [
        {
            "reason": "逾期 3 天",
            "amount": "1.50",
            "created_at": NOW.isoformat(),
            "settled_at": None,
        }
    ]
    assert [(n["kind"], n["subject"]) for n in data["notices"]] == [("due_soon", "即将到期：活着")]
    assert [r["ticket_code"] for r in data["event_registrations"]] == ["TK00000777"]
    assert [b["resource"] for b in data["bookings"]] == ["3D 打印机"]
    assert [p["title"] for p in data["proposals"]] == ["社区读书会"]
    assert data["club_memberships"] == [
        {
            "club": "书友会",
            "club_en": "Book lovers",
            "role": "organiser",
            "joined_at": NOW.isoformat(),
        }
    ]
    assert [c["club"] for c in data["clubs_founded"]] == ["书友会"]
    assert data["staff_access"] == [
        {"at": NOW.isoformat(), "staff": "staff-li", "action": "read", "fields": []}
    ]


def test_export_holds_only_the_readers_own_rows():
    reader, other = ReaderFactory(), ReaderFactory()
    LoanFactory(reader=other)
    RegistrationFactory(reader=other)
    data = services.reader_export_data(actor=reader.user, reader_id=reader.pk)
    assert data["loans"] == {"current": [], "returned": [], "history": []}
    assert data["event_registrations"] == []


def test_erasure_is_refused_while_a_copy_is_out_or_a_fine_unpaid():
    reader = ReaderFactory(name="刘洋")
    LoanFactory(
        reader=reader,
        item__barcode="B00000009",
        item__record__title="活着",
        item__due_on=dt.date(2026, 12, 1),
    )
    Fine.objects.create(reader=reader, reason="逾期 3 天", amount=Decimal("1.50"), created_at=NOW)
    hold = HoldFactory(reader=reader)
    registration = RegistrationFactory(reader=reader)

    with translation.override("zh-hans"), pytest.raises(ErasureRefusedError) as refused:
        services.reader_erase(actor=reader.user, reader_id=reader.pk)

    assert refused.value.code == "erasure_refused"
    assert refused.value.reasons == [
        "请先归还《活着》（条码 B00000009，应还日期 2026-12-01）。",
        "请先缴清罚款 1.50 元（逾期 3 天）。",
    ]
    reader.refresh_from_db()
    assert (reader.name, reader.status, reader.user_id is not None) == ("刘洋", "active", True)
    assert Hold.objects.get(pk=hold.pk).status == HoldStatus.WAITING
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED
    assert not AuditEntry.objects.exists()


def test_erasure_refusal_is_in_the_readers_language():
    reader = ReaderFactory()
    LoanFactory(reader=reader, item__barcode="B00000010", item__record__title="活着")
    with translation.override("en"):
        with pytest.raises(ErasureRefusedError) as refused:
            services.reader_erase(actor=reader.user, reader_id=reader.pk)
        message = str(refused.value.message)
    assert refused.value.reasons == [
        "Please return “活着” first (barcode B00000010, due 2026-12-01)."
    ]
    assert message == (
        "Before closing your account, return the books you have borrowed and settle your fines."
    )


def test_erasure_cancels_holds_places_and_bookings_and_the_waitlist_moves_up():
    reader = ReaderFactory()
    hold = HoldFactory(reader=reader)
    occurrence = OccurrenceFactory(capacity=1, confirmed_count=1, waitlist_count=1)
    mine = RegistrationFactory(reader=reader, occurrence=occurrence)
    waiting = RegistrationFactory(occurrence=occurrence, status=RegistrationStatus.WAITLISTED)
    booking = BookingFactory(reader=reader)
    submitted = _proposal(reader)
    club = _club(reader)
    ClubMembership.objects.create(club=club, reader=reader, joined_at=NOW)
    loan = LoanFactory(reader=reader)
    Loan.objects.filter(pk=loan.pk).update(returned_at=NOW)
    ReadingHistoryEntry.objects.create(
        reader=reader, record=loan.record, loaned_on=NOW.date(), returned_on=NOW.date()
    )
    Notice.objects.create(reader=reader, kind=NoticeKind.DUE_SOON, key="k2", created_at=NOW)

    services.reader_erase(actor=reader.user, reader_id=reader.pk)

    hold.refresh_from_db()
    assert (hold.status, hold.closed_at) == (HoldStatus.CANCELLED, NOW)
    assert Registration.objects.get(pk=mine.pk).status == RegistrationStatus.CANCELLED
    waiting.refresh_from_db()
    assert (waiting.status, waiting.promoted_at) == (RegistrationStatus.CONFIRMED, NOW)
    occurrence = Occurrence.objects.get(pk=occurrence.pk)
    assert (occurrence.confirmed_count, occurrence.waitlist_count) == (1, 0)
    booking = Booking.objects.get(pk=booking.pk)
    assert (booking.status, booking.cancelled_at) == (BookingStatus.CANCELLED, NOW)
    assert ActivityProposal.objects.get(pk=submitted.pk).status == ProposalStatus.WITHDRAWN
    assert not ClubMembership.objects.filter(reader=reader).exists()
    assert not ReadingHistoryEntry.objects.filter(reader=reader).exists()
    assert not Notice.objects.filter(reader=reader).exists()
    # Kept, with the blanked reader, so that counts still add up.
    assert Loan.objects.filter(pk=loan.pk, reader=reader).exists()
    assert ReadingClub.objects.filter(pk=club.pk, founder=reader).exists()
    reader.refresh_from_db()
    assert reader.status == ReaderStatus.ERASED


def test_erasure_leaves_a_copy_on_the_hold_shelf_for_the_next_reader():
    reader, next_reader = ReaderFactory(), ReaderFactory()
    item = ItemFactory(status=ItemStatus.ON_HOLD_SHELF)
    ready = HoldFactory(
        reader=reader,
        record=item.record,
        pickup_library=item.library,
        status=HoldStatus.READY,
        item=item,
        ready_at=NOW,
    )
    waiting = HoldFactory(reader=next_reader, record=item.record, pickup_library=item.library)

    services.reader_erase(actor=reader.user, reader_id=reader.pk)

    assert Hold.objects.get(pk=ready.pk).status == HoldStatus.CANCELLED
    waiting.refresh_from_db()
    assert (waiting.status, waiting.item_id) == (HoldStatus.READY, item.pk)


def test_erasure_keeps_the_audit_log_under_a_pseudonym():
    reader = ReaderFactory(card_number="HZ00000077", name="刘洋")
    admin = staff_with_role(Role.NETWORK_ADMIN, username="staff-wu")
    services.reader_open(actor=admin, reader_id=reader.pk)
    services.reader_update(actor=admin, reader_id=reader.pk, phone="13800000001")

    services.reader_erase(actor=admin, reader_id=reader.pk)

    pseudonym = f"ERASED{reader.pk:08d}"
    entries = list(
        AuditEntry.objects.order_by("pk").values_list("actor_label", "action", "subject_label")
    )
    assert entries == [
        ("staff-wu", AuditAction.READ, pseudonym),
        ("staff-wu", AuditAction.CHANGE, pseudonym),
        ("staff-wu", AuditAction.ERASE, f"{pseudonym} "),
    ]
    assert not AuditEntry.objects.filter(subject_label__contains="刘洋").exists()
    assert not AuditEntry.objects.filter(subject_label__contains="HZ00000077").exists()


def test_staff_erasure_is_refused_the_same_way():
    reader = ReaderFactory()
    LoanFactory(reader=reader)
    admin = staff_with_role(Role.NETWORK_ADMIN)
    with pytest.raises(ErasureRefusedError):
        services.reader_erase(actor=admin, reader_id=reader.pk)
    assert Reader.objects.get(pk=reader.pk).status == ReaderStatus.ACTIVE
    assert User.objects.filter(pk=reader.user_id).exists()
