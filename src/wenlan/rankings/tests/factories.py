import factory

from wenlan.network.tests.factories import PartnerFactory
from wenlan.rankings.enums import FeedKind
from wenlan.rankings.models import FeedSource


class FeedSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedSource

    partner = factory.SubFactory(PartnerFactory)
    code = factory.Sequence(lambda n: f"src{n}")
    name = factory.Sequence(lambda n: f"数据源{n}")
    kind = FeedKind.LOANS


LOANS_HEADER = "library_code,province,period,isbn,title,author,loans,readers,clc\n"


def loans_csv(rows: list[tuple]) -> bytes:
    return (LOANS_HEADER + "".join(",".join(map(str, r)) + "\n" for r in rows)).encode()


def ranked_world(period: str = "2026-01") -> list[tuple]:
    """Rows for 5 libraries in 3 provinces: 活着 lent everywhere, 三体 in two
    editions (one work), 小众书 at one library only (below the thresholds)."""
    rows = []
    for n in range(5):
        rows.append(
            (f"L{n}", f"P{n % 3}", period, "9787506365437", "活着", "余华", 20 + n, 8, "I247.5")
        )
        isbn = "9787536692930" if n % 2 else "9787229030933"
        rows.append((f"L{n}", f"P{n % 3}", period, isbn, "三体", "刘慈欣", 10, 5, "I247.55"))
    rows.append(("L0", "P0", period, "9787020002207", "小众书", "某人", 50, 30, "K20"))
    return rows


# --- the panel ----------------------------------------------------------------

PANEL_BOOKS = [
    ("活着", "余华", "9787506365437"),
    ("三体", "刘慈欣", "9787536692930"),
    ("平凡的世界", "路遥", "9787530216781"),
    ("乡土中国", "费孝通", "9787020139118"),
    ("小王子", "圣埃克苏佩里", "9787020092017"),
    ("万历十五年", "黄仁宇", "9787108013045"),
]


def works_with_run(period: str = "2026-03", books=PANEL_BOOKS):
    """Works (one ISBN each) and a saved ranking of `period` listing them in order."""
    from wenlan.core import clock
    from wenlan.rankings.models import RankingRun, Work, WorkIsbn

    works = []
    for title, author, isbn in books:
        work = Work.objects.create(key=f"{title}|{author}", title=title, author=author)
        WorkIsbn.objects.create(work=work, isbn=isbn)
        works.append(work)
    entries = [
        {"rank": n, "work_id": w.pk, "title": w.title, "score": 10.0 - n}
        for n, w in enumerate(works, 1)
    ]
    run = RankingRun.objects.create(
        period=period, engine="duckdb", computed_at=clock.now(), result={"all": entries}
    )
    return works, run


def panel_people(experts: int = 3):
    from wenlan.accounts.enums import Role
    from wenlan.accounts.tests.factories import staff_with_role

    return {
        "manager": staff_with_role(Role.NETWORK_ADMIN, username="manager"),
        "chair": staff_with_role(Role.RANKING_EXPERT, username="chair"),
        "experts": [
            staff_with_role(Role.RANKING_EXPERT, username=f"expert{n}") for n in range(experts)
        ],
    }


def open_list(people, *, size: int = 3, candidates: int = 6, period: str = "2026-03"):
    """A list drawn from a fresh ranking, every expert (and the chair) invited, the
    round open."""
    import datetime as dt

    from wenlan.rankings.panel.services.lists import expert_invite, list_create
    from wenlan.rankings.panel.services.rounds import round_open

    works, _run = works_with_run(period)
    reading_list = list_create(
        actor=people["manager"],
        occasion="world_book_day",
        date=dt.date(2026, 4, 23),
        theme_zh="阅读的力量",
        theme_en="The power of reading",
        size=size,
        period=period,
        category="all",
        chair_id=people["chair"].pk,
        candidates=candidates,
    )
    for expert in [people["chair"], *people["experts"]]:
        expert_invite(actor=people["manager"], list_id=reading_list.pk, expert_id=expert.pk)
    round_open(actor=people["chair"], list_id=reading_list.pk)
    return reading_list, works
