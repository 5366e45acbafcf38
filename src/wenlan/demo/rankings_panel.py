"""China Reading's expert panel in the demo: a published World Book Day (4·23) list
drawn from the demo's ranking, scored by six experts and chaired by
`ranking-chair`, with recommendations in both languages; and a holiday list whose
round is open, for the demo expert `ranking` to score. Idempotent: a list whose
slug exists is left alone."""

import datetime as dt
import hashlib

from django.contrib.auth import get_user_model

from wenlan.accounts.actors import SYSTEM
from wenlan.accounts.enums import Role
from wenlan.accounts.services import staff_create
from wenlan.core import clock
from wenlan.demo.catalog import catalog_demo_titles
from wenlan.rankings.models import Candidate, RankingRun, ReadingList, Round
from wenlan.rankings.panel.services.lists import expert_invite, list_create
from wenlan.rankings.panel.services.publication import Pick, list_finalise, list_publish
from wenlan.rankings.panel.services.rounds import round_close, round_open, score_set
from wenlan.rankings.works import work_isbns

CHAIR = "ranking-chair"
EXPERT = "ranking"  # the demo's ranking expert (people.STAFF): tries the open round
PANEL = [f"panel-expert-{n}" for n in range(1, 6)]

# title: (Chinese, English) recommendation
RECOMMENDATIONS = {
    "活着": (
        "一个人和他的命运之间的友情：余华以平静的笔调写尽苦难中的坚韧。",
        "A man's friendship with his fate: Yu Hua's quiet account of endurance through hardship.",
    ),
    "三体": (
        "中国科幻的里程碑，从往事写到宇宙文明的黑暗森林。",
        "A landmark of Chinese science fiction, from recent history to the dark forest of "
        "cosmic civilisations.",
    ),
    "平凡的世界": (
        "黄土高原上普通人的奋斗史诗，几代读者的青春记忆。",
        "An epic of ordinary lives on the Loess Plateau, a touchstone for generations of readers.",
    ),
    "人类简史": (
        "用一本书讲完人类七万年，引人重新思考今天。",
        "Seventy thousand years of humankind in one book, and a fresh look at today.",
    ),
    "万历十五年": (
        "以一个平淡的年份切入，看明代制度与人物的困局。",
        "Through one uneventful year, the impasse of Ming institutions and the people caught "
        "in them.",
    ),
    "乡土中国": (
        "理解中国基层社会的经典小书，文字平实，常读常新。",
        "The classic short book on rural Chinese society: plain prose, new on every reading.",
    ),
    "时间简史": (
        "霍金带普通读者走近黑洞与时间的起点。",
        "Hawking takes the general reader to black holes and the beginning of time.",
    ),
    "小王子": (
        "写给大人的童话：关于爱、责任与看不见的重要之物。",
        "A fairy tale for grown-ups: on love, responsibility and what the eye cannot see.",
    ),
    "窗边的小豆豆": (
        "一所特别的小学和一位懂孩子的校长，温暖每一位家长和孩子。",
        "A singular school and a headmaster who understood children: warmth for parents and "
        "children alike.",
    ),
    "苏东坡传": (
        "林语堂笔下的东坡，旷达、有趣，也与杭州西湖结缘。",
        "Lin Yutang's Su Dongpo: broad-minded, witty, and bound to Hangzhou's West Lake.",
    ),
    "文化苦旅": (
        "行走山水与古迹之间，追问中华文化的来路。",
        "Travels among landscapes and ruins in search of where Chinese culture came from.",
    ),
    "家常菜谱": (
        "实用的家常菜做法，适合每天下厨的读者。",
        "Practical home cooking for readers who cook every day.",
    ),
}


def _expert(username: str, password_for):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = staff_create(
            username=username,
            password=password_for(username),
            first_name=username,
            roles=[(Role.RANKING_EXPERT, None, None)],
        )
    return user


def _score(work_id: int, username: str) -> int:
    """A stable score from 4 to 10, different per expert and work."""
    digest = hashlib.sha1(f"{work_id}|{username}".encode()).digest()
    return 4 + digest[0] % 7


def _world_book_day(today: dt.date) -> dt.date:
    this_year = dt.date(today.year, 4, 23)
    return this_year if today >= this_year else dt.date(today.year - 1, 4, 23)


def _published_list(period: str, chair, panel: list, today: dt.date) -> ReadingList:
    date = _world_book_day(today)
    slug = f"{date.year}-world-book-day"
    existing = ReadingList.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    reading_list = list_create(
        actor=SYSTEM,
        occasion="world_book_day",
        date=date,
        theme_zh="阅读，让城市更温暖",
        theme_en="Reading makes a warmer city",
        size=6,
        period=period,
        category="all",
        chair_id=chair.pk,
        candidates=10,
        slug=slug,
    )
    for expert in [chair, *panel]:
        expert_invite(actor=SYSTEM, list_id=reading_list.pk, expert_id=expert.pk)
    round_open(actor=chair, list_id=reading_list.pk)
    round_id = Round.objects.get(reading_list=reading_list).pk
    candidates = list(Candidate.objects.filter(reading_list=reading_list).select_related("work"))
    for expert in panel:
        for candidate in candidates:
            score_set(
                actor=expert,
                round_id=round_id,
                candidate_id=candidate.pk,
                value=_score(candidate.work_id, expert.username),
                comment="",
            )
    round_close(actor=chair, list_id=reading_list.pk)
    ranked = sorted(
        Candidate.objects.filter(reading_list=reading_list).select_related("work"),
        key=lambda c: c.result_rank or 10**6,
    )
    picks = []
    for candidate in ranked[: reading_list.size]:
        zh, en = RECOMMENDATIONS.get(candidate.work.title, ("", ""))
        picks.append(Pick(candidate.pk, zh or candidate.work.title, en or candidate.work.title))
    list_finalise(actor=chair, list_id=reading_list.pk, picks=picks)
    list_publish(actor=chair, list_id=reading_list.pk)
    isbns = work_isbns(work_ids=[c.work_id for c in ranked[: reading_list.size]])
    catalog_demo_titles(isbns={i for values in isbns.values() for i in values})
    return reading_list


def _open_round(period: str, chair, expert, panel: list, today: dt.date) -> Round:
    date = dt.date(today.year + 1, 1, 1)
    slug = f"{date.year}-new-year"
    existing = ReadingList.objects.filter(slug=slug).first()
    if existing is None:
        existing = list_create(
            actor=SYSTEM,
            occasion="holiday",
            date=date,
            theme_zh="新年读一本好书",
            theme_en="A good book for the new year",
            size=5,
            period=period,
            category="all",
            chair_id=chair.pk,
            candidates=8,
            slug=slug,
        )
        for invited in [expert, *panel[:3]]:
            expert_invite(actor=SYSTEM, list_id=existing.pk, expert_id=invited.pk)
        round_open(actor=chair, list_id=existing.pk)
        round_id = Round.objects.get(reading_list=existing).pk
        for other in panel[:3]:
            for candidate in Candidate.objects.filter(reading_list=existing).order_by("pk")[:4]:
                score_set(
                    actor=other,
                    round_id=round_id,
                    candidate_id=candidate.pk,
                    value=_score(candidate.work_id, other.username),
                )
    return Round.objects.get(reading_list=existing)


def rankings_panel_demo_load(*, password_for) -> dict:
    run = RankingRun.objects.order_by("-computed_at", "-pk").first()
    if run is None:
        return {}
    today = clock.today()
    chair = _expert(CHAIR, password_for)
    expert = _expert(EXPERT, password_for)
    panel = [_expert(name, password_for) for name in PANEL]
    published = _published_list(run.period, chair, panel, today)
    open_round = _open_round(run.period, chair, expert, panel, today)
    return {
        "rankings": {
            "archive_url": "/reading-lists/china/",
            "published_list_url": f"/reading-lists/china/{published.slug}/",
            "embed_url": f"/reading-lists/china/{published.slug}/embed/",
            "open_round_url": f"/staff/rankings/panel/{open_round.pk}/",
            "expert": {"username": EXPERT, "password": password_for(EXPERT)},
            "chair": {
                "username": CHAIR,
                "password": password_for(CHAIR),
                "list_url": f"/staff/rankings/lists/{open_round.reading_list_id}/",
            },
            "try": (
                "Sign in as the expert and score the open round's candidates (or declare a "
                "conflict, or nominate a work by ISBN); sign in as the chair to close the "
                "round, choose the books with their recommendations and publish; as a reader, "
                "open the published list and place a hold."
            ),
        }
    }
