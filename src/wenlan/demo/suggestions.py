"""The demo's 悦购: readers' purchase suggestions in every state, made and decided
through the services by the central library's acquisitions librarian
(`acquisitions`; the network admin for readers of the district libraries): two
new, two accepted and on the order list, one declined with its reason, and one
received, its copy on the hold shelf for the reader who asked. And the partner
bookstores' listings, with readers' orders placed, ready, collected and cancelled.
Idempotent: once the demo's suggestions (or orders) exist, a second run adds nothing."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import can
from wenlan.o2o.models import Bookstore, PurchaseSuggestion, StoreOrder
from wenlan.o2o.services.store_orders import (
    ListingIn,
    store_listing_save,
    store_order_place,
    store_order_step,
)
from wenlan.o2o.services.suggestions import (
    SuggestionIn,
    suggestion_accept,
    suggestion_create,
    suggestion_decline,
    suggestion_receive,
)
from wenlan.patrons.models import Reader


def _isbn(twelve: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


# reader card, ISBN (12 digits, or "" for a title only), title, author, publisher,
# note, what becomes of it
SUGGESTIONS = [
    ("HZ00000001", "978730210001", "深度学习入门：基于 Python 的理论与实现", "斋藤康毅", "人民邮电出版社", "想系统学习", "received"),  # noqa: E501
    ("HZ00000002", "978720812345", "江南园林志（新版）", "童寯", "中国建筑工业出版社", "", "accepted"),  # noqa: E501
    ("HZ00000006", "978184022233", "The Hangzhou Tea Trail", "Lin Wei", "Blue Hill Press", "For English readers", "accepted"),  # noqa: E501
    ("HZ00000003", "978701011111", "宋词鉴赏辞典（精装）", "唐圭璋", "上海辞书出版社", "", "declined"),  # noqa: E501
    ("HZ00000004", "978754422222", "少年科学探索丛书：海洋", "王小明", "浙江少年儿童出版社", "孩子喜欢", "new"),  # noqa: E501
    ("HZ00000005", "", "西湖边的猫", "佚名", "", "在书店看到的绘本", "new"),
]  # fmt: skip


def suggestions_demo_load() -> None:
    if PurchaseSuggestion.objects.exists():
        return
    users = get_user_model().objects.filter(username__in=["acquisitions", "admin"])
    by_name = {user.username: user for user in users}
    readers = {r.card_number: r for r in Reader.objects.filter(card_number__startswith="HZ0000")}
    if len(by_name) < 2:
        return
    for n, (card, isbn, title, author, publisher, note, state) in enumerate(SUGGESTIONS):
        reader = readers.get(card)
        if reader is None or reader.user is None:
            continue
        made = suggestion_create(
            actor=reader.user,
            suggestion=SuggestionIn(
                isbn=_isbn(isbn) if isbn else "", title=title, author=author,
                publisher=publisher, note=note,
            ),
        )  # fmt: skip
        staff = by_name["acquisitions"]
        if not can(staff, Perm.ACQUISITIONS, library_id=made.library_id):
            staff = by_name["admin"]
        if state in ("accepted", "received"):
            suggestion_accept(actor=staff, suggestion_id=made.pk)
        if state == "declined":
            suggestion_decline(
                actor=staff, suggestion_id=made.pk, reason="本馆已有其他版本，请预约该版本。"
            )
        if state == "received":
            suggestion_receive(actor=staff, suggestion_id=made.pk, barcode=f"YG{n + 1:08d}")


# store code, ISBN (12 digits), title, author, price, stock
LISTINGS = [
    ("XINHUA-QJ", "978702020001", "额尔古纳河右岸（新版）", "迟子建", "45.00", "in_stock"),
    ("XINHUA-QJ", "978754470002", "山茶文具店", "小川糸", "52.00", "few_left"),
    ("XINHUA-QJ", "978753990003", "杭州老房子", "仲向平", "88.00", "to_order"),
    ("XINHUA-QJ", "978702030004", "平凡的世界（全三册）", "路遥", "108.00", "sold_out"),
    ("XIAOFENG", "978710800005", "诗经选", "余冠英", "36.00", "in_stock"),
    ("XIAOFENG", "978184000006", "A Year in Hangzhou", "Anna Reid", "98.00", "in_stock"),
]
# reader card, listing index, what becomes of the order
ORDERS = [
    ("HZ00000001", 0, "placed"),
    ("HZ00000002", 1, "ready"),
    ("HZ00000006", 5, "collected"),
    ("HZ00000003", 4, "cancelled"),
]


def store_orders_demo_load() -> None:
    if StoreOrder.objects.exists():
        return
    clerks = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["clerk-xinhua", "clerk-xiaofeng"])
    }
    stores = {b.library.code: b for b in Bookstore.objects.select_related("library")}
    if len(clerks) < 2 or not {"XINHUA-QJ", "XIAOFENG"} <= set(stores):
        return
    clerk_of = {"XINHUA-QJ": clerks["clerk-xinhua"], "XIAOFENG": clerks["clerk-xiaofeng"]}
    listings = [
        store_listing_save(
            actor=clerk_of[code],
            store_id=stores[code].library_id,
            listing=ListingIn(
                isbn=_isbn(isbn), title=title, author=author, price=Decimal(price), stock=stock
            ),
        )  # fmt: skip
        for code, isbn, title, author, price, stock in LISTINGS
    ]
    readers = {r.card_number: r for r in Reader.objects.filter(card_number__startswith="HZ0000")}
    for card, index, state in ORDERS:
        reader = readers.get(card)
        if reader is None or reader.user is None:
            continue
        listing = listings[index]
        order = store_order_place(actor=reader.user, listing_id=listing.pk)
        clerk = clerk_of[stores_by_id(stores)[listing.bookstore_id]]
        if state in ("ready", "collected"):
            store_order_step(actor=clerk, order_id=order.pk, to="ready")
        if state == "collected":
            store_order_step(actor=clerk, order_id=order.pk, to="collected")
        if state == "cancelled":
            store_order_step(actor=clerk, order_id=order.pk, to="cancelled")


def stores_by_id(stores: dict) -> dict[int, str]:
    return {store.pk: code for code, store in stores.items()}
