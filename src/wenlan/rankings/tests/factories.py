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
