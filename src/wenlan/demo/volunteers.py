# ruff: noqa: E501 - the demo's names and projects, one per line
"""The demo's volunteers: a pool of 44 readers with professional backgrounds
(lawyers, doctors, teachers, engineers, …), skills, languages, districts and
availability, 41 approved and 3 waiting for the coordinator; five projects at
district libraries with a month of shifts (the past two weeks served, checked in
and out and approved; the next two weeks signed up), a year of Saturday mornings
at the central library's book room for three long-serving volunteers (so star
levels show), and the demo volunteer's certificate of hours. Everything goes
through the services, with the clock set to each moment. Idempotent: when the
projects exist, only the credentials are returned."""

import datetime as dt
import random

from django.urls import reverse
from django.utils import timezone

from wenlan.accounts.actors import SYSTEM
from wenlan.core import clock
from wenlan.events.selectors.events import CalendarFilters, calendar_occurrences
from wenlan.network.models import Library
from wenlan.patrons.models import Reader
from wenlan.patrons.services import reader_signup
from wenlan.volunteers import policies
from wenlan.volunteers.models import HoursCertificate, Opportunity, VolunteerProfile
from wenlan.volunteers.selectors.profiles import profile_of_reader
from wenlan.volunteers.services import certificates, hours, profiles, shifts, signups
from wenlan.volunteers.services.profiles import ProfileData
from wenlan.volunteers.services.shifts import OpportunityData

COORDINATOR = "volunteers"
VOLUNTEER = "HZV0000001"

# card, name, background, speciality, district, skills, languages, home library
# fmt: off
POOL = [
    ("HZV0000001", "林晓燕", "teacher", "小学语文教师，二十年教龄", "shangcheng", ["storytelling", "shelving", "guiding"], ["zh", "hz"], "HZ"),
    ("HZV0000002", "沈国平", "retired", "退休工程师", "shangcheng", ["shelving", "guiding"], ["zh", "hz"], "HZ"),
    ("HZV0000003", "钱美华", "retired", "退休会计", "shangcheng", ["shelving", "digital_help"], ["zh", "hz"], "SC"),
    ("HZV0000004", "张慧敏", "lawyer", "执业律师，擅长劳动与婚姻家事", "shangcheng", ["legal_advice"], ["zh", "en"], "HZ"),
    ("HZV0000005", "王志刚", "lawyer", "执业律师，合同与消费者权益", "xihu", ["legal_advice", "lecturing"], ["zh"], "XH"),
    ("HZV0000006", "陈思远", "lawyer", "公益律师", "gongshu", ["legal_advice"], ["zh", "en"], "GS"),
    ("HZV0000007", "刘海燕", "doctor", "全科医生，社区卫生服务中心", "xihu", ["health_advice", "first_aid"], ["zh"], "XH"),
    ("HZV0000008", "周建华", "doctor", "急诊科医生", "binjiang", ["first_aid", "health_advice"], ["zh", "en"], "BJ"),
    ("HZV0000009", "吴雅琴", "nurse", "护士长", "gongshu", ["first_aid", "health_advice"], ["zh"], "GS"),
    ("HZV0000010", "郑家豪", "engineer", "软件工程师", "binjiang", ["it_support", "digital_help"], ["zh", "en"], "BJ"),
    ("HZV0000011", "孙立新", "engineer", "网络工程师", "binjiang", ["it_support", "digital_help", "photography"], ["zh", "en"], "BJ"),
    ("HZV0000012", "黄佳怡", "it", "前端开发", "xihu", ["it_support", "digital_help"], ["zh", "en", "ja"], "XH"),
    ("HZV0000013", "徐文博", "teacher", "中学英语教师", "xihu", ["translation", "lecturing", "guiding"], ["zh", "en"], "XH"),
    ("HZV0000014", "朱丽娟", "teacher", "幼儿园教师", "gongshu", ["storytelling", "guiding"], ["zh"], "GS"),
    ("HZV0000015", "胡晨阳", "student", "浙江大学研究生，英语专业", "xihu", ["translation", "guiding"], ["zh", "en", "fr"], "XH"),
    ("HZV0000016", "高雨桐", "student", "杭州师范大学学生", "yuhang", ["storytelling", "shelving"], ["zh", "en"], "YH"),
    ("HZV0000017", "林子涵", "student", "中国美术学院学生", "shangcheng", ["photography", "performing"], ["zh", "en"], "SC"),
    ("HZV0000018", "何淑贞", "retired", "退休小学校长", "gongshu", ["storytelling", "lecturing"], ["zh", "hz"], "GS"),
    ("HZV0000019", "马建军", "retired", "退休公交司机", "xiaoshan", ["guiding", "shelving"], ["zh", "hz"], "XS"),
    ("HZV0000020", "罗晓梅", "accountant", "注册会计师", "shangcheng", ["lecturing", "guiding"], ["zh"], "HZ"),
    ("HZV0000021", "梁宇航", "engineer", "土木工程师", "xiaoshan", ["guiding", "photography"], ["zh"], "XS"),
    ("HZV0000022", "宋佳琪", "artist", "越剧演员", "xihu", ["performing", "hosting"], ["zh", "hz"], "XH"),
    ("HZV0000023", "唐明轩", "artist", "主持人", "binjiang", ["hosting", "lecturing"], ["zh", "en"], "BJ"),
    ("HZV0000024", "韩秀英", "retired", "退休图书馆员", "shangcheng", ["shelving", "guiding", "storytelling"], ["zh", "hz"], "HZ"),
    ("HZV0000025", "冯一鸣", "student", "手语社社员", "gongshu", ["sign_language", "guiding"], ["zh", "csl"], "GS"),
    ("HZV0000026", "曹丽萍", "other", "社区工作者", "gongshu", ["digital_help", "guiding"], ["zh", "hz"], "GS"),
    ("HZV0000027", "彭浩然", "it", "数据分析师", "yuhang", ["it_support", "digital_help"], ["zh", "en"], "YH"),
    ("HZV0000028", "董欣怡", "teacher", "特殊教育教师", "xihu", ["sign_language", "storytelling"], ["zh", "csl"], "XH"),
    ("HZV0000029", "萧文杰", "lawyer", "知识产权律师", "binjiang", ["legal_advice", "translation"], ["zh", "en", "de"], "BJ"),
    ("HZV0000030", "程雪", "doctor", "口腔科医生", "shangcheng", ["health_advice"], ["zh"], "SC"),
    ("HZV0000031", "袁野", "engineer", "机械工程师", "yuhang", ["it_support", "lecturing"], ["zh"], "YH"),
    ("HZV0000032", "邓婉清", "student", "日语专业学生", "xihu", ["translation"], ["zh", "ja"], "XH"),
    ("HZV0000033", "许志远", "retired", "退休中学物理教师", "xiaoshan", ["lecturing", "storytelling"], ["zh", "hz"], "XS"),
    ("HZV0000034", "傅晓丹", "nurse", "儿科护士", "binjiang", ["first_aid", "storytelling"], ["zh"], "BJ"),
    ("HZV0000035", "沈一帆", "student", "高中生", "shangcheng", ["shelving"], ["zh", "en"], "HZ"),
    ("HZV0000036", "曾凡", "other", "自由职业摄影师", "xihu", ["photography"], ["zh", "en"], "XH"),
    ("HZV0000037", "吕秀兰", "retired", "退休纺织厂职工", "gongshu", ["shelving", "guiding"], ["zh", "hz"], "GS"),
    ("HZV0000038", "苏沐阳", "student", "韩语专业学生", "binjiang", ["translation", "guiding"], ["zh", "ko"], "BJ"),
    ("HZV0000039", "蒋德明", "accountant", "税务师", "xiaoshan", ["lecturing"], ["zh"], "XS"),
    ("HZV0000040", "叶青", "teacher", "大学图书馆学讲师", "xihu", ["lecturing", "shelving", "guiding"], ["zh", "en"], "XH"),
    ("HZV0000041", "潘晓东", "engineer", "电气工程师", "gongshu", ["it_support", "first_aid"], ["zh"], "GS"),
    ("HZV0000042", "Sophie Martin", "teacher", "French teacher, alliance française", "xihu", ["translation", "storytelling"], ["fr", "en", "zh"], "XH"),
    ("HZV0000043", "杜若", "student", "法学院学生", "shangcheng", ["legal_advice", "guiding"], ["zh", "en"], "HZ"),
    ("HZV0000044", "任雪梅", "other", "全职妈妈", "yuhang", ["storytelling", "shelving"], ["zh"], "YH"),
]
# fmt: on
WAITING = {"HZV0000042", "HZV0000043", "HZV0000044"}  # for the coordinator to decide
VETERANS = {"HZV0000001": 2, "HZV0000002": 1, "HZV0000024": 1}  # shifts a week over a year

# key, title zh, title en, library, district, skills, trainings, weekday, start hour, hours, capacity
# fmt: off
PROJECTS = [
    ("books", "文澜书房图书整理", "Wenlan book room: sorting and shelving", "HZ", "shangcheng", ["shelving"], ["orientation"], 5, 9, 3, 6),
    ("stories", "少儿故事会", "Children's story time", "XH", "xihu", ["storytelling"], ["orientation", "child_safety"], 6, 10, 2, 3),
    ("law", "公益法律咨询角", "Free legal advice desk", "HZ", "shangcheng", ["legal_advice"], [], 2, 14, 3, 2),
    ("digital", "老年人数字助学课堂", "Smartphone help for seniors", "GS", "gongshu", ["digital_help", "it_support"], ["orientation"], 3, 14, 2, 4),
    ("events", "文澜讲堂活动引导", "Wenlan lectures: guiding the audience", "BJ", "binjiang", ["guiding", "hosting"], ["orientation"], 5, 14, 3, 4),
]
# fmt: on


def _id_number(n: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=173 * n)
    first17 = f"330106{birth:%Y%m%d}{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def _availability(rng: random.Random) -> list[tuple[int, int]]:
    slots = {(5, 0), (5, 1)} if rng.random() < 0.6 else {(6, 0)}
    while len(slots) < rng.randint(3, 7):
        slots.add((rng.randrange(7), rng.randrange(3)))
    return sorted(slots)


def _pool(password_for, coordinator) -> list[VolunteerProfile]:
    rng = random.Random(17)
    pool = []
    for n, (card, name, background, detail, district, skills, languages, home) in enumerate(
        POOL, 1
    ):
        reader = Reader.objects.filter(card_number=card).first()
        if reader is None:
            reader = reader_signup(
                card_number=card,
                password=password_for(card),
                name=name,
                phone=f"1390571{n:04d}",
                home_library_id=Library.objects.get(code=home).pk,
                language="en" if name.isascii() else "zh-hans",
            )
        with clock.freeze(clock.now() - dt.timedelta(days=400)):
            profile = profiles.profile_apply(
                actor=reader.user,
                data=ProfileData(
                    skills=skills, languages=languages, background=background,
                    background_detail=detail, district=district,
                    availability=_availability(rng), trainings=[], checks=[],
                ),
                id_number=_id_number(n),
            )  # fmt: skip
            if card in WAITING:
                pool.append(profile)
                continue
            profiles.profile_decide(actor=coordinator, profile_id=profile.pk, approve=True)
        trainings = ["orientation"]
        if "storytelling" in skills:
            trainings.append("child_safety")
        if "first_aid" in skills:
            trainings.append("first_aid")
        if "shelving" in skills:
            trainings.append("shelving")
        checks = ["criminal_record"] + (["health"] if "storytelling" in skills else [])
        profiles.profile_record_training(
            actor=coordinator, profile_id=profile.pk, trainings=trainings, checks=checks
        )
        profile.refresh_from_db()
        pool.append(profile)
    return pool


def _serve(shift, volunteers, coordinator, rng: random.Random) -> None:
    """Sign up before, check in and out around the shift, approve after."""
    with clock.freeze(shift.starts_at - dt.timedelta(days=3)):
        taken = []
        for profile in volunteers[: shift.capacity]:
            signups.signup_create(actor=profile.reader.user, shift_id=shift.pk)
            taken.append(profile)
    for profile in taken:
        with clock.freeze(shift.starts_at - dt.timedelta(minutes=rng.randint(2, 15))):
            hours.shift_check_in(actor=profile.reader.user, code=shift.checkin_code)
        with clock.freeze(shift.ends_at + dt.timedelta(minutes=rng.randint(0, 12))):
            result = hours.shift_check_out(actor=profile.reader.user, code=shift.checkin_code)
        with clock.freeze(shift.ends_at + dt.timedelta(days=1)):
            planned = int((shift.ends_at - shift.starts_at).total_seconds() // 60)
            if result.signup.worked_minutes > planned + 10:
                hours.hours_approve(
                    actor=coordinator, signup_id=result.signup.pk, minutes=planned,
                    reason="按排班时长认定",
                )  # fmt: skip
            else:
                hours.hours_approve(actor=coordinator, signup_id=result.signup.pk)


def _qualified(pool, opportunity):
    needs_skills = set(policies.tags_decode(opportunity.needs_skills))
    needs_trainings = set(policies.tags_decode(opportunity.needs_trainings))
    return [
        p
        for p in pool
        if p.status == "approved"
        and policies.qualification(
            skills=set(policies.tags_decode(p.skills)),
            trainings=set(policies.tags_decode(p.trainings)),
            needs_skills=needs_skills,
            needs_trainings=needs_trainings,
        ).qualified
    ]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _load(password_for) -> None:
    coordinator = SYSTEM  # the loader, not a coordinator: it leaves no staff audit entry
    pool = _pool(password_for, coordinator)
    rng = random.Random(42)
    today = timezone.localdate(clock.now())
    occurrences = list(
        calendar_occurrences(
            CalendarFilters(
                date_from=today + dt.timedelta(days=1), date_to=today + dt.timedelta(days=14)
            )
        )[:3]
    )
    made = {}
    for key, zh, en, code, district, skills, trainings, weekday, hour, length, capacity in PROJECTS:
        opportunity = shifts.opportunity_create(
            actor=coordinator,
            data=OpportunityData(
                title_zh=zh, title_en=en, description_zh="", description_en="",
                library_id=Library.objects.get(code=code).pk, district=district,
                needs_skills=skills, needs_trainings=trainings,
            ),
        )  # fmt: skip
        made[key] = opportunity
        qualified = _qualified(pool, opportunity)
        for offset in range(-14, 15):
            day = today + dt.timedelta(days=offset)
            if day.weekday() not in (weekday, (weekday + 3) % 7) or offset == 0:
                continue
            start = _at(day, hour)
            shift = shifts.shift_create(
                actor=coordinator, opportunity_id=opportunity.pk, starts_at=start,
                ends_at=start + dt.timedelta(hours=length), capacity=capacity,
                occurrence_id=None,
            )  # fmt: skip
            team = rng.sample(qualified, k=min(len(qualified), capacity))
            if offset < 0:
                _serve(shift, team, coordinator, rng)
            else:
                for profile in team[: max(1, capacity - 2)]:
                    signups.signup_create(actor=profile.reader.user, shift_id=shift.pk)
    for occurrence in occurrences:  # events that asked for volunteers
        shifts.shift_create(
            actor=coordinator, opportunity_id=made["events"].pk,
            starts_at=occurrence.starts_at - dt.timedelta(minutes=30),
            ends_at=occurrence.ends_at + dt.timedelta(minutes=30), capacity=3,
            occurrence_id=occurrence.pk,
        )  # fmt: skip
    _veterans(pool, made["books"], coordinator, rng, today)
    _today(pool, made["books"], coordinator)


def _veterans(pool, opportunity, coordinator, rng, today) -> None:
    """A year of book-room mornings for the long-serving volunteers."""
    by_card = {p.reader.card_number: p for p in pool}
    for week in range(3, 55):
        saturday = today - dt.timedelta(days=today.weekday() - 5 + 7 * week)
        for n in range(2):
            start = _at(saturday + dt.timedelta(days=n), 9)
            team = [by_card[card] for card, per_week in VETERANS.items() if n < per_week]
            shift = shifts.shift_create(
                actor=coordinator, opportunity_id=opportunity.pk, starts_at=start,
                ends_at=start + dt.timedelta(hours=3), capacity=len(team) + 2, occurrence_id=None,
            )  # fmt: skip
            _serve(shift, team, coordinator, rng)


def _today(pool, opportunity, coordinator) -> None:
    """A shift starting within the hour that the demo volunteer is signed up for,
    so a newcomer can check in with its code."""
    start = clock.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    shift = shifts.shift_create(
        actor=coordinator, opportunity_id=opportunity.pk, starts_at=start,
        ends_at=start + dt.timedelta(hours=3), capacity=4, occurrence_id=None,
    )  # fmt: skip
    volunteer = next(p for p in pool if p.reader.card_number == VOLUNTEER)
    signups.signup_create(actor=volunteer.reader.user, shift_id=shift.pk)
    certificates.certificate_issue(actor=volunteer.reader.user)


def volunteers_demo_load(*, password_for) -> dict:
    if not Opportunity.objects.exists():
        _load(password_for)
    reader = Reader.objects.get(card_number=VOLUNTEER)
    profile = profile_of_reader(reader_id=reader.pk)
    certificate = HoursCertificate.objects.filter(profile=profile, revoked_at__isnull=True).first()
    return {
        "volunteers": {
            "coordinator": {"username": COORDINATOR, "password": password_for(COORDINATOR)},
            "volunteer": {"username": VOLUNTEER, "password": password_for(VOLUNTEER)},
            "pool_url": reverse("volunteers:staff_pool"),
            "volunteer_url": reverse("volunteers:me"),
            "certificate_verify_url": reverse(
                "volunteers:certificate_verify", args=[certificate.code]
            )
            if certificate
            else None,
        }
    }
