"""The demo's culture calendar: a month of events across the network from
libraries and several partners, four channels, and a few readers signed up (one
occurrence full, with a waitlist). A guided tour has an occurrence today, later than the
load time where the central library's hours allow, with tickets, so that check-in
at the door can be tried at once. An occurrence in a library's room lies within that
library's opening hours on its day: it moves to the next day the library is open,
or earlier within the day, when the programme's usual time does not fit.
Idempotent: events are keyed by a demo UID and left alone once loaded, so a second
run changes nothing."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.core.errors import WenlanError
from wenlan.events.enums import EventCategory, EventStatus
from wenlan.events.selectors.events import event_exists_external
from wenlan.events.services import events as event_services
from wenlan.events.services.events import VenueSpec
from wenlan.events.services.occurrences import OccurrenceSpec
from wenlan.events.services.registrations import registration_create
from wenlan.network.models import Library, Partner
from wenlan.network.policies import DayException, Period, periods_on
from wenlan.network.selectors import library_get, library_weekly_schedule
from wenlan.patrons.models import Reader

CHANNELS = [
    # slug, zh, en, partner, description zh, description en
    (
        "hechang",
        "浙江省合唱网",
        "Zhejiang Choir Network",
        "zj-choir",
        "全省合唱团的排练、音乐会与合唱公开课，由浙江省合唱协会与杭州图书馆音乐分馆共同主办。",
        "Rehearsals, concerts and open classes of choirs across Zhejiang, with the Zhejiang "
        "Choral Association and the library's music branch.",
    ),
    (
        "yuanshi",
        "院士讲座",
        "Academician Lectures",
        "zju",
        "两院院士走进图书馆，讲述科学前沿与科学人生。",
        "Members of the Chinese Academies of Sciences and Engineering speak at the library.",
    ),
    (
        "chuangke",
        "创客空间",
        "Maker Space",
        None,
        "3D 打印、激光切割、电子制作与编程工作坊，面向青少年和成人。",
        "Workshops in 3D printing, laser cutting, electronics and coding for young people "
        "and adults.",
    ),
    (
        "shaoer",
        "少儿阅读",
        "Children's Reading",
        None,
        "绘本故事会、亲子阅读与少儿阅读推广活动。",
        "Picture-book story times, family reading and children's reading programmes.",
    ),
]

OUTSIDE_VENUES = {
    "theatre": VenueSpec(
        "杭州大剧院歌剧厅",
        "Hangzhou Grand Theatre, Opera Hall",
        None,
        "上城区新业路39号",
        "39 Xinye Road, Shangcheng",
        30.2459,
        120.2085,
    ),
    "zju": VenueSpec(
        "浙江大学紫金港校区小剧场",
        "Zhejiang University Zijingang Theatre",
        None,
        "西湖区余杭塘路866号",
        "866 Yuhangtang Road, Xihu",
        30.3050,
        120.0850,
    ),
    "tea": VenueSpec(
        "中国茶叶博物馆龙井馆区",
        "China National Tea Museum, Longjing",
        None,
        "西湖区龙井路88号",
        "88 Longjing Road, Xihu",
        30.2330,
        120.1240,
    ),
    "xinhua": VenueSpec(
        "新华书店钱江新城店活动区",
        "Xinhua Bookstore Qianjiang, event space",
        None,
        "上城区富春路",
        "Fuchun Road, Shangcheng",
        30.2500,
        120.2140,
    ),
}


@dataclass(frozen=True)
class Programme:
    key: str
    organiser: str  # library or partner code
    venue: str  # library code (its room) or a key of OUTSIDE_VENUES
    room: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    category: str
    channels: tuple[str, ...]
    days: tuple[int, ...]  # days from the load date
    hour: int
    minutes: int = 120
    capacity: int = 50
    age: tuple[int | None, int | None] = (None, None)
    price: str = "0"
    needs_id: bool = False


PROGRAMMES = [
    Programme(
        "central-tour",
        "HZ",
        "HZ",
        "一楼总服务台",
        "馆员带你逛总馆",
        "A librarian's tour of the central library",
        "一小时走遍总馆：借还书机、少儿馆、创客空间和古籍修复室。凭电子票在服务台签到。",
        "An hour around the central library: self-service machines, the children's "
        "library, the maker space and the book-restoration room. Check in with your "
        "e-ticket at the desk.",
        EventCategory.OTHER,
        (),
        (0, 7, 14),
        10,
        60,
        20,
    ),
    Programme(
        "choir-open-class",
        "zj-choir",
        "HZ-MUSIC",
        "音乐分馆排练厅",
        "合唱公开课：声部训练入门",
        "Open choir class: singing in parts",
        "浙江省合唱协会指挥带领学员体验声部训练，无需基础。",
        "A conductor of the Zhejiang Choral Association leads a first class in part "
        "singing. No experience needed.",
        EventCategory.WORKSHOP,
        ("hechang",),
        (2, 9, 16, 23),
        19,
        90,
        40,
    ),
    Programme(
        "choir-winter-concert",
        "zj-choir",
        "theatre",
        "",
        "浙江省合唱节冬季音乐会",
        "Zhejiang Choir Festival winter concert",
        "十支合唱团联袂演出，曲目包括《茉莉花》《在那遥远的地方》等。",
        "Ten choirs sing together, including Jasmine Flower and In That Faraway Place.",
        EventCategory.PERFORMANCE,
        ("hechang",),
        (20,),
        19,
        150,
        300,
    ),
    Programme(
        "choir-children",
        "HZ",
        "HZ",
        "少儿馆多功能厅",
        "童声合唱体验营",
        "Children's choir taster camp",
        "7 至 12 岁的小朋友学唱三首经典童谣，结营时汇报演出。",
        "Children aged 7 to 12 learn three classic songs and sing them at the end.",
        EventCategory.CHILDREN,
        ("hechang", "shaoer"),
        (6, 13),
        9,
        120,
        30,
        (7, 12),
    ),
    Programme(
        "academician-quantum",
        "zju",
        "HZ",
        "一楼报告厅",
        "院士讲座：量子信息的今天与明天",
        "Academician lecture: quantum information",
        "中国科学院院士讲述量子通信与量子计算的进展，现场答疑。",
        "A member of the Chinese Academy of Sciences on quantum communication and "
        "computing, with questions.",
        EventCategory.LECTURE,
        ("yuanshi",),
        (4,),
        14,
        120,
        3,
        (12, None),
        "0",
        True,
    ),
    Programme(
        "academician-ocean",
        "zju",
        "zju",
        "",
        "院士讲座：深海探测与海洋强国",
        "Academician lecture: exploring the deep sea",
        "中国工程院院士讲述深海装备的研发故事。",
        "A member of the Chinese Academy of Engineering on building deep-sea craft.",
        EventCategory.LECTURE,
        ("yuanshi",),
        (18,),
        14,
        120,
        200,
        (12, None),
        "0",
        True,
    ),
    Programme(
        "academician-rice",
        "HZ-TECH",
        "HZ-TECH",
        "科技分馆报告厅",
        "院士讲座：一粒种子改变世界",
        "Academician lecture: the seed that changed the world",
        "杂交水稻研究团队的院士分享粮食安全与种业创新。",
        "An academician from the hybrid rice team on food security and seed science.",
        EventCategory.LECTURE,
        ("yuanshi",),
        (25,),
        15,
        90,
        120,
    ),
    Programme(
        "maker-3d",
        "HZ-TECH",
        "HZ-TECH",
        "创客空间",
        "3D 打印入门：设计你的第一个钥匙扣",
        "3D printing: design your first key ring",
        "学习建模软件并在 3D 打印机上打印作品，可带走。",
        "Learn a modelling tool and print your design to take home.",
        EventCategory.WORKSHOP,
        ("chuangke",),
        (3, 10, 17, 24),
        14,
        120,
        12,
        (10, None),
    ),
    Programme(
        "maker-laser",
        "HZ",
        "HZ",
        "创客空间",
        "激光切割工作坊：木质书签",
        "Laser cutting workshop: wooden bookmarks",
        "安全培训后使用激光切割机制作个性书签。须年满 14 岁。",
        "After a safety briefing, cut your own bookmark. Ages 14 and over.",
        EventCategory.WORKSHOP,
        ("chuangke",),
        (5, 19),
        10,
        150,
        10,
        (14, None),
    ),
    Programme(
        "maker-arduino",
        "BJ",
        "BJ",
        "二楼创客教室",
        "少儿编程：用 Arduino 点亮小灯",
        "Kids' coding: light an LED with Arduino",
        "家长陪同，8 至 14 岁。",
        "With a parent; ages 8 to 14.",
        EventCategory.WORKSHOP,
        ("chuangke", "shaoer"),
        (7, 21),
        14,
        120,
        16,
        (8, 14),
    ),
    Programme(
        "story-time",
        "XH",
        "XH",
        "少儿阅览室",
        "周末绘本故事会",
        "Weekend picture-book story time",
        "志愿者讲读绘本，3 至 6 岁亲子参加。",
        "Volunteers read picture books; ages 3 to 6 with a parent.",
        EventCategory.CHILDREN,
        ("shaoer",),
        (1, 8, 15, 22, 29),
        10,
        60,
        25,
        (3, 6),
    ),
    Programme(
        "family-reading",
        "SC",
        "SC",
        "亲子阅读区",
        "亲子共读：宋韵杭州",
        "Family reading: Song-dynasty Hangzhou",
        "阅读杭州历史绘本，动手制作宋式团扇。",
        "Read picture books on old Hangzhou and make a Song-style fan.",
        EventCategory.CHILDREN,
        ("shaoer",),
        (11,),
        14,
        90,
        20,
        (5, 10),
    ),
    Programme(
        "tea-salon",
        "tea-museum",
        "tea",
        "",
        "茶文化沙龙：龙井问茶",
        "Tea salon: Longjing tea",
        "茶艺师讲解龙井茶的历史与冲泡，现场品鉴。",
        "A tea master on the history and brewing of Longjing tea, with tasting.",
        EventCategory.SALON,
        (),
        (12,),
        14,
        120,
        30,
        (18, None),
    ),
    Programme(
        "theatre-appreciation",
        "hz-theatre",
        "theatre",
        "",
        "走进歌剧：《图兰朵》赏析",
        "Opera appreciation: Turandot",
        "剧院艺术总监带你读懂《图兰朵》。",
        "The theatre's artistic director on Turandot.",
        EventCategory.LECTURE,
        (),
        (14,),
        19,
        90,
        150,
    ),
    Programme(
        "bookstore-author",
        "xinhua-hz",
        "xinhua",
        "",
        "作家见面会：《平凡的世界》再读",
        "Author talk: rereading Ordinary World",
        "评论家与读者对谈路遥作品，现场签售。",
        "A critic and readers talk about Lu Yao's novel; book signing.",
        EventCategory.SALON,
        (),
        (10,),
        19,
        90,
        80,
        (None, None),
        "0",
    ),
    Programme(
        "anime-drawing",
        "anime-museum",
        "HZ-ANIME",
        "动漫分馆工作室",
        "动漫绘画工作坊",
        "Comics drawing workshop",
        "动漫博物馆画师教你画 Q 版人物。",
        "An animation museum artist teaches chibi drawing.",
        EventCategory.WORKSHOP,
        ("shaoer",),
        (9, 23),
        14,
        120,
        20,
        (9, 15),
        "20",
    ),
    Programme(
        "gs-lecture",
        "GS",
        "GS",
        "报告厅",
        "运河文化讲座：拱宸桥的故事",
        "Grand Canal talk: the Gongchen Bridge",
        "运河研究学者讲述拱宸桥与城市变迁。",
        "A Grand Canal historian on the Gongchen Bridge and the changing city.",
        EventCategory.LECTURE,
        (),
        (15,),
        14,
        90,
        100,
    ),
    Programme(
        "xs-exhibition",
        "XS",
        "XS",
        "一楼展厅",
        "萧山非遗展：花边与剪纸",
        "Xiaoshan heritage: lace and paper-cutting",
        "展期一个月，每周六有传承人现场演示。",
        "Open all month; heritage masters demonstrate on Saturdays.",
        EventCategory.EXHIBITION,
        (),
        (3, 10, 17, 24),
        9,
        480,
        0,
    ),
    Programme(
        "fy-reading",
        "FY",
        "FY",
        "读书会活动室",
        "富春江读书会：黄公望与《富春山居图》",
        "Fuchun reading club: Huang Gongwang",
        "读书会成员分享，欢迎新成员加入。",
        "Club members share readings; newcomers welcome.",
        EventCategory.READING,
        (),
        (16,),
        19,
        90,
        30,
    ),
]

# card number → programme keys it signs up for (the first four fill the lecture's 3 seats)
SIGNUPS = {
    "HZ00000001": ("academician-quantum", "story-time", "maker-3d"),
    "HZ00000002": ("academician-quantum", "choir-open-class"),
    "HZ00000003": ("academician-quantum",),
    "HZ00000004": ("academician-quantum", "maker-arduino"),
    "HZ00000005": ("story-time", "choir-children"),
    "HZ00000006": ("theatre-appreciation",),
    "HZ00000009": ("maker-laser",),
    "HZ00000010": ("central-tour",),
    "HZ00000011": ("central-tour",),
    "HZ00000012": ("central-tour",),
}


def _organiser(code: str) -> tuple[int | None, int | None]:
    partner = Partner.objects.filter(code=code).values_list("pk", flat=True).first()
    if partner is not None:
        return None, partner
    return Library.objects.values_list("pk", flat=True).get(code=code), None


# The rooms' English names, as the libraries sign them.
ROOM_NAMES_EN = {
    "音乐分馆排练厅": "Music Branch rehearsal hall",
    "少儿馆多功能厅": "Children's Library multi-purpose hall",
    "一楼报告厅": "Lecture hall, ground floor",
    "科技分馆报告厅": "Science and Technology Branch lecture hall",
    "创客空间": "Makerspace",
    "二楼创客教室": "Maker classroom, first floor",
    "少儿阅览室": "Children's reading room",
    "亲子阅读区": "Family reading corner",
    "动漫分馆工作室": "Animation and Comics Branch studio",
    "报告厅": "Lecture hall",
    "一楼展厅": "Exhibition hall, ground floor",
    "读书会活动室": "Reading group room",
    "一楼总服务台": "Main service desk, ground floor",
}


def _venue(programme: Programme) -> VenueSpec:
    if programme.venue in OUTSIDE_VENUES:
        return OUTSIDE_VENUES[programme.venue]
    library = Library.objects.get(code=programme.venue)
    return VenueSpec(
        name_zh=programme.room,
        name_en=ROOM_NAMES_EN.get(programme.room, ""),
        library_id=library.pk,
        latitude=float(library.latitude) if library.latitude is not None else None,
        longitude=float(library.longitude) if library.longitude is not None else None,
    )


PeriodsOn = Callable[[dt.date], list[Period]]


def fit_in_hours(
    periods_on_day: PeriodsOn,
    day: dt.date,
    at: dt.time,
    minutes: int,
    *,
    not_before: dt.datetime | None = None,
    days_ahead: int = 7,
) -> dt.datetime | None:
    """The first start, on `day` or the next days, at `at` or moved within an opening
    period so that `minutes` fit inside it, and not before `not_before` (rounded up to
    the half hour). Naive local times; None when nothing fits within `days_ahead`."""
    length = dt.timedelta(minutes=minutes)
    if not_before is not None and not_before.minute % 30:
        not_before += dt.timedelta(minutes=30 - not_before.minute % 30)
    if not_before is not None:
        not_before = not_before.replace(second=0, microsecond=0)
    for offset in range(days_ahead):
        date = day + dt.timedelta(days=offset)
        for period in periods_on_day(date):
            opens = dt.datetime.combine(date, period.opens)
            closes = dt.datetime.combine(date, period.closes)
            earliest = max(opens, not_before) if not_before is not None else opens
            begins = min(max(dt.datetime.combine(date, at), earliest), closes - length)
            if begins >= earliest:
                return begins
    return None


def library_periods(library_code: str) -> PeriodsOn:
    """The library's opening periods on a date: its week, with the exceptions."""
    library = library_get(code=library_code)
    weekly = library_weekly_schedule(library)
    exceptions = {
        e.date: DayException(
            e.is_closed, Period(e.opens, e.closes) if e.opens and e.closes else None
        )
        for e in library.upcoming_exceptions
    }
    return lambda date: periods_on(date, weekly, exceptions)


def _outside_venue_periods(date: dt.date) -> list[Period]:
    return [Period(dt.time(0), dt.time(23, 59))]  # a theatre or museum keeps its own hours


def _occurrences(programme: Programme, start: dt.date) -> list[OccurrenceSpec]:
    periods_on_day = (
        _outside_venue_periods
        if programme.venue in OUTSIDE_VENUES
        else library_periods(programme.venue)
    )
    now = clock.localnow().replace(tzinfo=None)
    specs, taken = [], set()
    for day in programme.days:
        at, date = dt.time(programme.hour), start + dt.timedelta(days=day)
        begins = None
        if day == 0:  # today: after now where the hours allow, else earlier today
            begins = fit_in_hours(
                periods_on_day, date, at, programme.minutes, not_before=now, days_ahead=1
            ) or fit_in_hours(periods_on_day, date, at, programme.minutes, days_ahead=1)
        begins = begins or fit_in_hours(periods_on_day, date, at, programme.minutes)
        if begins is None or begins in taken:
            continue
        taken.add(begins)
        begins = timezone.make_aware(begins)
        specs.append(
            OccurrenceSpec(
                begins, begins + dt.timedelta(minutes=programme.minutes), programme.capacity
            )
        )
    return specs


def _load_programme(programme: Programme, start: dt.date, channel_ids: dict[str, int]) -> bool:
    uid = f"demo:{programme.key}"
    if event_exists_external(external_uid=uid):
        return False
    library_id, partner_id = _organiser(programme.organiser)
    event = event_services.event_create(
        actor=SYSTEM,
        title_zh=programme.title_zh,
        title_en=programme.title_en,
        description_zh=programme.description_zh,
        description_en=programme.description_en,
        organiser_library_id=library_id,
        organiser_partner_id=partner_id,
        venue=_venue(programme),
        category=programme.category,
        age_min=programme.age[0],
        age_max=programme.age[1],
        price=Decimal(programme.price),
        needs_id=programme.needs_id,
        registration_required=programme.capacity > 0,
        max_occurrences_per_reader=2,
        occurrences=_occurrences(programme, start),
        channel_ids=[channel_ids[slug] for slug in programme.channels],
        external_uid=uid,
    )
    event = event_services.event_submit(actor=SYSTEM, event_id=event.pk)
    if event.status == EventStatus.SUBMITTED:
        event_services.event_approve(actor=SYSTEM, event_id=event.pk)
        event_services.event_publish(actor=SYSTEM, event_id=event.pk)
    return True


def _load_signups() -> int:
    from wenlan.events.models import Occurrence

    count = 0
    now = clock.now()
    for card, keys in SIGNUPS.items():
        reader = Reader.objects.select_related("user").filter(card_number=card).first()
        if reader is None or reader.user is None:
            continue
        for key in keys:
            occurrence = (
                Occurrence.objects.filter(event__external_uid=f"demo:{key}", starts_at__gt=now)
                .order_by("starts_at")
                .first()
            )
            if occurrence is None:
                continue
            try:
                if registration_create(actor=reader.user, occurrence_id=occurrence.pk).created:
                    count += 1
            except WenlanError:
                continue  # a demo reader over a limit just is not signed up
    return count


PRINTER_RULES_ZH = "PLA 耗材免费提供，单次打印不超过 3 小时。"
PRINTER_RULES_EN = "PLA is provided; prints up to 3 hours."
RESOURCES = [
    # slug, zh, en, kind, library, slot minutes, hours/week, induction programme, rules zh, en
    (
        "hz-tech-printer-1",
        "3D 打印机 1 号（拓竹 X1）",
        "3D printer no. 1",
        "printer_3d",
        "HZ-TECH",
        60,
        4,
        None,
        PRINTER_RULES_ZH,
        PRINTER_RULES_EN,
    ),
    (
        "hz-tech-printer-2",
        "3D 打印机 2 号（拓竹 X1）",
        "3D printer no. 2",
        "printer_3d",
        "HZ-TECH",
        60,
        4,
        None,
        PRINTER_RULES_ZH,
        PRINTER_RULES_EN,
    ),
    (
        "hz-laser",
        "激光切割机",
        "Laser cutter",
        "laser_cutter",
        "HZ",
        30,
        2,
        "maker-laser",
        "须先参加激光切割工作坊的安全培训；只可切割木板与亚克力。",
        "Attend the laser-cutting workshop's safety briefing first; wood and acrylic only.",
    ),
    (
        "hz-recording",
        "录音间",
        "Recording booth",
        "recording_booth",
        "HZ",
        60,
        3,
        None,
        "适合录制有声书与播客，配备专业麦克风与声卡。",
        "For audiobooks and podcasts; professional microphone and interface.",
    ),
    (
        "xh-room",
        "西湖区图书馆研讨室",
        "Xihu library seminar room",
        "room",
        "XH",
        120,
        4,
        None,
        "可容纳 12 人，读书会与小组学习优先。",
        "Seats 12; reading clubs and study groups first.",
    ),
]


def _load_resources() -> int:
    from wenlan.core.errors import NotFoundError
    from wenlan.spaces.models import Resource
    from wenlan.spaces.selectors import resource_get_public
    from wenlan.spaces.services import resource_save

    created = 0
    for slug, zh, en, kind, library, minutes, hours, induction, rules_zh, rules_en in RESOURCES:
        try:
            resource_get_public(slug=slug)
            continue
        except NotFoundError:
            pass
        induction_event_id = None
        if induction:
            from wenlan.events.models import Event

            induction_event_id = (
                Event.objects.filter(external_uid=f"demo:{induction}")
                .values_list("pk", flat=True)
                .first()
            )
        resource_save(
            actor=SYSTEM,
            resource=Resource(
                slug=slug,
                name_zh=zh,
                name_en=en,
                kind=kind,
                library=Library.objects.get(code=library),
                slot_minutes=minutes,
                max_hours_per_week=hours,
                induction_event_id=induction_event_id,
                description_zh=rules_zh,
                description_en=rules_en,
                day_opens=dt.time(9),
                day_closes=dt.time(17),
                open_weekdays="1,2,3,4,5,6",
            ),
        )
        created += 1
    return created


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


def _load_community() -> dict:
    from wenlan.core.errors import NotFoundError
    from wenlan.events.enums import ClubStatus
    from wenlan.events.selectors.community import club_get_public, proposal_list_own
    from wenlan.events.services.community import (
        club_join,
        club_register,
        club_set_status,
        proposal_approve,
        proposal_submit,
    )

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


def events_demo_load() -> dict:
    channel_ids = {}
    for slug, zh, en, partner_code, description_zh, description_en in CHANNELS:
        partner_id = (
            Partner.objects.filter(code=partner_code).values_list("pk", flat=True).first()
            if partner_code
            else None
        )
        channel_ids[slug] = event_services.channel_upsert(
            actor=SYSTEM,
            slug=slug,
            title_zh=zh,
            title_en=en,
            description_zh=description_zh,
            description_en=description_en,
            partner_id=partner_id,
            position=len(channel_ids),
        ).pk
    start = clock.today()
    created = sum(_load_programme(p, start, channel_ids) for p in PROGRAMMES)
    return {
        "events_created": created,
        "registrations_created": _load_signups(),
        "resources_created": _load_resources(),
        **_load_community(),
    }
