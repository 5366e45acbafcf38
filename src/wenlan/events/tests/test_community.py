import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import clock
from wenlan.core.errors import ConflictError, PermissionDeniedError, ValidationError
from wenlan.events.enums import ClubRole, ClubStatus, EventStatus, ProposalStatus
from wenlan.events.errors import NotClubOrganiserError, ProposalStateError
from wenlan.events.models import ActivityProposal, ClubMembership, Event, ReadingClub
from wenlan.events.services.community import (
    club_join,
    club_leave,
    club_register,
    club_set_status,
    proposal_approve,
    proposal_reject,
    proposal_submit,
    proposal_withdraw,
)
from wenlan.network.tests.factories import LibraryFactory
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))
SAT = dt.date(2026, 12, 12)


@pytest.fixture(autouse=True)
def _frozen():
    with clock.freeze(NOW):
        yield


def _propose(reader, library, **overrides):
    values = dict(
        library_id=library.pk,
        title="宋词吟诵会",
        description="一起吟诵宋词名篇。",
        audience="成人",
        preferred_date=SAT,
        expected_people=20,
        preferred_time="周六下午",
        needs="一间能容纳 20 人的活动室",
    )
    values.update(overrides)
    return proposal_submit(actor=reader.user, **values)


def test_approved_proposal_becomes_a_published_event_with_the_reader_as_organiser():
    library = LibraryFactory()
    reader = ReaderFactory()
    proposal = _propose(reader, library)
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    starts = timezone.make_aware(dt.datetime(2026, 12, 12, 14))
    approved = proposal_approve(
        actor=librarian,
        proposal_id=proposal.pk,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        capacity=20,
        room="三楼活动室",
        note="欢迎！",
    )
    assert approved.status == ProposalStatus.APPROVED
    event = approved.event
    assert (event.status, event.title_zh, event.reader_organiser) == (
        EventStatus.PUBLISHED,
        "宋词吟诵会",
        reader,
    )
    assert event.organiser_library == library
    assert event.venue.name_zh == "三楼活动室"
    assert event.occurrences.get().capacity == 20
    with pytest.raises(ProposalStateError):
        proposal_reject(actor=librarian, proposal_id=proposal.pk, note="晚了")


def test_staff_of_another_library_cannot_review():
    proposal = _propose(ReaderFactory(), LibraryFactory())
    other = staff_with_role(Role.BRANCH_LIBRARIAN, library=LibraryFactory())
    with pytest.raises(PermissionDeniedError):
        proposal_reject(actor=other, proposal_id=proposal.pk, note="不行")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert Event.objects.count() == 0


def test_reject_and_withdraw():
    library = LibraryFactory()
    reader = ReaderFactory()
    first, second = _propose(reader, library), _propose(reader, library, title="第二个")
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    rejected = proposal_reject(actor=librarian, proposal_id=first.pk, note="场地已满")
    assert (rejected.status, rejected.review_note) == (ProposalStatus.REJECTED, "场地已满")
    assert proposal_withdraw(actor=reader.user, proposal_id=second.pk).status == "withdrawn"
    with pytest.raises(PermissionDeniedError):
        proposal_withdraw(actor=ReaderFactory().user, proposal_id=first.pk)


def test_proposal_date_must_be_in_the_future():
    with pytest.raises(ValidationError):
        _propose(ReaderFactory(), LibraryFactory(), preferred_date=NOW.date())
    assert ActivityProposal.objects.count() == 0


def test_club_lifecycle_and_proposing_for_a_club():
    library = LibraryFactory()
    founder, member = ReaderFactory(), ReaderFactory()
    club = club_register(
        actor=founder.user,
        slug="xihu-poetry",
        name_zh="西湖诗社",
        description_zh="每月一次诗歌朗读会。",
        library_id=library.pk,
    )
    assert club.status == ClubStatus.PENDING
    assert ClubMembership.objects.get(club=club).role == ClubRole.ORGANISER
    with pytest.raises(NotClubOrganiserError):
        _propose(founder, library, club_id=club.pk)  # not yet in the alliance
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    club_set_status(actor=librarian, club_id=club.pk, status=ClubStatus.APPROVED)
    club_join(actor=member.user, club_id=club.pk)
    assert club_join(actor=member.user, club_id=club.pk).role == ClubRole.MEMBER
    assert ClubMembership.objects.filter(club=club).count() == 2
    with pytest.raises(NotClubOrganiserError):
        _propose(member, library, club_id=club.pk)
    proposal = _propose(founder, library, club_id=club.pk)
    assert proposal.club == club
    with pytest.raises(ConflictError):
        club_leave(actor=founder.user, club_id=club.pk)
    club_leave(actor=member.user, club_id=club.pk)
    assert ClubMembership.objects.filter(club=club).count() == 1


def test_club_slug_must_be_free():
    library = LibraryFactory()
    club_register(
        actor=ReaderFactory().user,
        slug="dup",
        name_zh="甲",
        description_zh="甲",
        library_id=library.pk,
    )
    with pytest.raises(ValidationError):
        club_register(
            actor=ReaderFactory().user,
            slug="dup",
            name_zh="乙",
            description_zh="乙",
            library_id=library.pk,
        )
    assert ReadingClub.objects.count() == 1


# --- pages --------------------------------------------------------------------------------


def test_reader_proposes_through_the_page_and_staff_approve(client):
    library = LibraryFactory()
    reader = ReaderFactory()
    login(client, reader.user)
    response = client.post(
        reverse("events:propose"),
        {
            "title": "亲子折纸",
            "description": "用折纸讲故事。",
            "audience": "5-8 岁亲子家庭",
            "category": "children",
            "library": str(library.pk),
            "preferred_date": "2026-12-13",
            "preferred_time": "周日上午",
            "expected_people": "12",
            "needs": "桌椅",
        },
        follow=True,
    )
    assert "提议已提交" in response.content.decode()
    proposal = ActivityProposal.objects.get()
    librarian = staff_with_role(Role.BRANCH_LIBRARIAN, library=library)
    login(client, librarian)
    page = client.get(reverse("events:staff_proposals")).content.decode()
    assert "亲子折纸" in page and "5-8 岁亲子家庭" in page
    response = client.post(
        reverse("events:staff_proposal_approve", args=[proposal.pk]),
        {
            f"p{proposal.pk}-date": "2026-12-13",
            f"p{proposal.pk}-starts": "10:00",
            f"p{proposal.pk}-ends": "11:30",
            f"p{proposal.pk}-capacity": "12",
            f"p{proposal.pk}-room": "少儿活动室",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "亲子折纸" in html and f"读者 {reader.name}" in html


def test_an_approval_with_a_bad_time_shows_the_page_again_and_changes_nothing(client):
    library = LibraryFactory()
    proposal = _propose(ReaderFactory(), library)
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    response = client.post(
        reverse("events:staff_proposal_approve", args=[proposal.pk]),
        {
            f"p{proposal.pk}-date": "2026-12-12",
            f"p{proposal.pk}-starts": "15:00",
            f"p{proposal.pk}-ends": "14:00",
            f"p{proposal.pk}-capacity": "20",
            f"p{proposal.pk}-room": "多功能厅",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间。" in html and 'value="多功能厅"' in html
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and not Event.objects.exists()


def test_staff_send_a_proposal_back_through_the_page(client):
    library = LibraryFactory()
    proposal = _propose(ReaderFactory(), library)
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    page = client.get(reverse("events:staff_proposals")).content.decode()
    assert reverse("events:staff_proposal_reject", args=[proposal.pk]) in page
    response = client.post(
        reverse("events:staff_proposal_reject", args=[proposal.pk]),
        {f"r{proposal.pk}-note": "那天活动室已有安排。"},
        follow=True,
    )
    assert "已退回提议。" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_note) == (
        ProposalStatus.REJECTED,
        "那天活动室已有安排。",
    )


def test_staff_admit_a_club_to_the_alliance_through_the_page(client):
    library = LibraryFactory()
    club = club_register(
        actor=ReaderFactory().user,
        slug="canal-poets",
        name_zh="运河诗社",
        description_zh="读诗。",
        library_id=library.pk,
    )
    login(client, staff_with_role(Role.BRANCH_LIBRARIAN, library=library))
    page = client.get(reverse("events:staff_proposals")).content.decode()
    assert "运河诗社" in page
    response = client.post(reverse("events:staff_club_approve", args=[club.pk]), follow=True)
    assert "已处理。" in response.content.decode()
    club.refresh_from_db()
    assert club.status == ClubStatus.APPROVED
    client.post(reverse("events:staff_club_suspend", args=[club.pk]))
    club.refresh_from_db()
    assert club.status == ClubStatus.SUSPENDED


def test_staff_proposals_page_by_role(client):
    login(client, staff_with_role(Role.CATALOGUER, library=LibraryFactory()))
    assert client.get(reverse("events:staff_proposals")).status_code == 403


def test_alliance_list_and_club_page(client, django_assert_num_queries):
    library = LibraryFactory()
    founder = ReaderFactory()
    club = club_register(
        actor=founder.user,
        slug="west-readers",
        name_zh="西湖读书会",
        description_zh="读经典。",
        library_id=library.pk,
    )
    club_register(
        actor=ReaderFactory().user,
        slug="pending",
        name_zh="待审组织",
        description_zh="待审",
        library_id=library.pk,
    )
    club_set_status(
        actor=staff_with_role(Role.NETWORK_ADMIN), club_id=club.pk, status=ClubStatus.APPROVED
    )
    with django_assert_num_queries(1):
        html = client.get(reverse("events:club_list")).content.decode()
    assert "西湖读书会" in html and "待审组织" not in html and "1 位成员" in html
    member = ReaderFactory()
    login(client, member.user)
    client.post(reverse("events:club_join", args=["west-readers"]))
    html = client.get(reverse("events:club_detail", args=["west-readers"])).content.decode()
    assert "2 位成员" in html and "退出组织" in html


def test_clubs_endpoint(client, django_assert_num_queries):
    library = LibraryFactory(code="XH")
    club = club_register(
        actor=ReaderFactory().user,
        slug="poets",
        name_zh="诗社",
        description_zh="写诗。",
        library_id=library.pk,
    )
    club_set_status(
        actor=staff_with_role(Role.NETWORK_ADMIN), club_id=club.pk, status=ClubStatus.APPROVED
    )
    with django_assert_num_queries(1):
        data = client.get("/api/events/clubs").json()
    assert data == [
        {
            "slug": "poets",
            "name": "诗社",
            "library": "XH",
            "member_count": 1,
            "description": "写诗。",
        }
    ]
