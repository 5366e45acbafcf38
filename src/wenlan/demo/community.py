"""The demo's reading clubs (two, approved, with members) and what readers propose:
one activity approved and on the calendar, one waiting for review. Idempotent: a
club that exists is left alone, and proposals are made once per reader."""

import datetime as dt

from django.utils import timezone

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.core.errors import NotFoundError
from wenlan.demo.library_hours import fit_in_hours, library_periods
from wenlan.events.enums import ClubStatus, EventCategory
from wenlan.events.selectors.community import club_get_public, proposal_list_own
from wenlan.events.services.community import (
    club_join,
    club_register,
    club_set_status,
    proposal_approve,
    proposal_submit,
)
from wenlan.network.models import Library
from wenlan.patrons.models import Reader

CLUBS = [
    # slug, zh, en, description, meets, library, founder card, member cards
    (
        "xihu-poetry",
        "西湖诗社",
        "West Lake Poetry Society",
        "读诗、写诗、吟诗：每月一次在湖边或馆里的诗歌会，欢迎各个年龄的诗歌爱好者。",
        "每月第二个周六下午",
        "XH",
        "HZ00000002",
        ("HZ00000012", "HZ00000008"),
    ),
    (
        "qianjiang-parents",
        "钱江亲子共读会",
        "Qianjiang Family Reading Circle",
        "由家长自发组织的亲子共读小组，每周带孩子共读一本绘本。",
        "每周日上午",
        "HZ",
        "HZ00000001",
        ("HZ00000005", "HZ00000010"),
    ),
]


def community_demo_load() -> dict:
    clubs = 0
    for slug, zh, en, description, meets, library, founder_card, member_cards in CLUBS:
        try:
            club_get_public(slug=slug)
            continue
        except NotFoundError:
            pass
        founder = Reader.objects.select_related("user").get(card_number=founder_card)
        club = club_register(
            actor=founder.user,
            slug=slug,
            name_zh=zh,
            name_en=en,
            description_zh=description,
            meets_zh=meets,
            library_id=Library.objects.get(code=library).pk,
        )
        club_set_status(actor=SYSTEM, club_id=club.pk, status=ClubStatus.APPROVED)
        for card in member_cards:
            member = Reader.objects.select_related("user").get(card_number=card)
            club_join(actor=member.user, club_id=club.pk)
        clubs += 1
    proposals = 0
    poet = Reader.objects.select_related("user").get(card_number="HZ00000002")
    if not proposal_list_own(actor=poet.user):
        start = clock.today()
        club = club_get_public(slug="xihu-poetry")
        library_id = Library.objects.get(code="XH").pk
        approved = proposal_submit(
            actor=poet.user,
            library_id=library_id,
            title="湖畔诗会：读苏轼",
            description="西湖诗社成员领读苏轼的西湖诗词，读者可自带一首喜欢的诗。",
            audience="诗歌爱好者，成人与中学生",
            category=EventCategory.READING,
            preferred_date=start + dt.timedelta(days=13),
            preferred_time="周六下午",
            expected_people=25,
            needs="一间活动室和一只话筒",
            club_id=club.pk,
        )
        begins = timezone.make_aware(
            fit_in_hours(library_periods("XH"), start + dt.timedelta(days=13), dt.time(14, 30), 120)
        )
        proposal_approve(
            actor=SYSTEM,
            proposal_id=approved.pk,
            starts_at=begins,
            ends_at=begins + dt.timedelta(hours=2),
            capacity=25,
            room="二楼阅读沙龙区",
            note="欢迎！馆里提供话筒和投影。",
        )
        proposal_submit(
            actor=poet.user,
            library_id=library_id,
            title="古诗词书法体验",
            description="请书法老师带大家用毛笔写一首喜欢的诗。",
            audience="10 岁以上读者",
            category=EventCategory.WORKSHOP,
            preferred_date=start + dt.timedelta(days=20),
            preferred_time="周日上午",
            expected_people=15,
            needs="桌椅、毛笔和宣纸",
        )
        proposals = 2
    return {"clubs": clubs, "proposals": proposals}
