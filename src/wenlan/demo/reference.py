"""The demo's reference service: the reference alliance (浙江图书馆, 国家图书馆参考
咨询, 浙江大学图书馆 as network partners in it), a partner librarian of 浙江图书馆
with an API key, and readers' questions in every state, asked, worked and answered
through the services by the reference librarian (`reference`): new ones (a
visitor's in English, one filed by 浙江图书馆 for its reader, one overdue), one
taken with a note, one handed over by the robot, one referred and waiting, one
whose referral is overdue, one answered after the partner answered, one answered
with sources and one closed. Idempotent: once the demo's questions exist, a second
run adds none."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from wenlan.accounts.actors import SYSTEM, ApiKeyActor
from wenlan.accounts.enums import Perm, Role
from wenlan.accounts.models import ApiKey
from wenlan.accounts.services import apikey_create, staff_create, staff_role_grant
from wenlan.core import clock
from wenlan.network.enums import PartnerKind
from wenlan.network.models import Partner
from wenlan.network.services import partner_upsert
from wenlan.patrons.models import Reader
from wenlan.reference.enums import QuestionChannel
from wenlan.reference.models import Question
from wenlan.reference.services.alliance import alliance_member_set
from wenlan.reference.services.questions import (
    SourceIn,
    question_answer,
    question_ask,
    question_assign,
    question_close,
    question_note_add,
)
from wenlan.reference.services.referrals import question_refer, referral_answer

ALLIANCE = [
    {
        "code": "zjlib",
        "name_zh": "浙江图书馆",
        "name_en": "Zhejiang Library",
        "kind": PartnerKind.OTHER,
        "website": "https://www.zjlib.cn/",
        "description_zh": "浙江省公共图书馆，咨询联盟成员：地方文献、古籍与民国文献。",
        "description_en": "The provincial public library; in the reference alliance for "
        "local history, rare books and Republican-era documents.",
    },
    {
        "code": "nlc-ref",
        "name_zh": "国家图书馆参考咨询",
        "name_en": "National Library of China, Reference Service",
        "kind": PartnerKind.GOVERNMENT,
        "website": "https://www.nlc.cn/",
        "description_zh": "国家图书馆的参考咨询服务，咨询联盟成员。",
        "description_en": "The National Library of China's reference service, "
        "in the reference alliance.",
    },
]
# Network partners already in network.py that join the alliance too.
ALLIANCE_FROM_NETWORK = ["zju"]
PARTNER_LIBRARIAN = "zjlib-ref"


def _alliance() -> dict[str, Partner]:
    partners = {entry["code"]: partner_upsert(**entry) for entry in ALLIANCE}
    partners.update({p.code: p for p in Partner.objects.filter(code__in=ALLIANCE_FROM_NETWORK)})
    for partner in partners.values():
        alliance_member_set(actor=SYSTEM, partner_id=partner.pk)
    return partners


def _partner_librarian(partner: Partner, *, password_for, key_for) -> dict:
    User = get_user_model()
    password = password_for(PARTNER_LIBRARIAN)
    user = User.objects.filter(username=PARTNER_LIBRARIAN).first()
    if user is None:
        user = staff_create(
            username=PARTNER_LIBRARIAN,
            password=password,
            first_name="浙江图书馆咨询馆员",
            roles=[(Role.REFERENCE_PARTNER, None, partner.pk)],
        )
    else:
        staff_role_grant(
            user=user, role=Role.REFERENCE_PARTNER, library_id=None, partner_id=partner.pk
        )
    key = key_for(PARTNER_LIBRARIAN)
    if not ApiKey.objects.filter(prefix=key.split("_")[1]).exists():
        apikey_create(
            user=user, name="浙江图书馆 参考咨询 API", scopes=[Perm.REFERENCE_PARTNER], key=key
        )
    return {"username": PARTNER_LIBRARIAN, "password": password, "api_key": key}


def _questions(partners: dict[str, Partner], partner_user) -> None:
    librarian = get_user_model().objects.filter(username="reference").first()
    readers = {r.card_number: r for r in Reader.objects.filter(card_number__startswith="HZ0000")}
    if librarian is None or len(readers) < 5 or partner_user is None:
        return
    now = clock.now()
    zj, nlc = partners["zjlib"], partners["nlc-ref"]

    def reader(n: int):
        return readers[f"HZ0000000{n}"].user

    with clock.freeze(now - dt.timedelta(days=10)):  # asked ten days ago: overdue
        question_ask(
            reader(4),
            text="读者证可以在杭州的区县图书馆通用吗？在一个馆借的书能不能在另一个馆还？",
            language="zh-hans",
            category="lending",
        )
        late = question_ask(
            reader(5),
            text="想系统了解宋代杭州的刻书业，有哪些主要的研究著作？",
            language="zh-hans",
            category="study",
        )
        question_refer(
            actor=librarian,
            question_id=late.pk,
            partner_id=nlc.pk,
            note="请协助提供宋代浙刻本研究的主要书目。",
        )
    question_ask(
        reader(1),
        text="西湖十景的名称最早出现在什么时候？",
        language="zh-hans",
        category="local",
    )
    question_ask(
        AnonymousUser(),
        text="I am visiting Hangzhou for a month. Can I borrow books without a Chinese ID card?",
        language="en",
        category="lending",
        contact_name="Emma",
        contact_email="emma@example.org",
    )
    question_ask(
        ApiKeyActor(user=partner_user, scopes=frozenset({Perm.REFERENCE_PARTNER})),
        text="请问杭州的公共图书馆是否提供视障读者的有声读物和助读设备？",
        language="zh-hans",
        category="lending",
        channel=QuestionChannel.API,
        on_behalf_of="浙图读者 ZJ-0421",
    )
    taken = question_ask(
        reader(2),
        text="我想查 1930 年代杭州的老照片，用于写一篇关于湖滨的文章。",
        language="zh-hans",
        category="local",
    )
    question_assign(actor=librarian, question_id=taken.pk)
    question_note_add(
        actor=librarian,
        question_id=taken.pk,
        text="已查本馆地方文献库，湖滨老照片约 40 幅，待整理清单。",
    )
    robot = question_ask(
        reader(3),
        text="西泠印社是哪一年成立的？",
        language="zh-hans",
        category="local",
        channel=QuestionChannel.ROBOT,
        transcript="读者：西泠印社是哪一年成立的？\n机器人：抱歉，我在知识库中没有找到可靠的答案，已为您转给馆员。",
    )
    question_assign(actor=librarian, question_id=robot.pk)
    waiting = question_ask(
        reader(1),
        text="民国时期杭州的城市地图，哪里可以看到原件或高清影像？",
        language="zh-hans",
        category="local",
    )
    question_refer(
        actor=librarian,
        question_id=waiting.pk,
        partner_id=zj.pk,
        note="读者需要民国时期杭州城市地图，请协助确认馆藏与阅览方式。",
    )
    answered_by_partner = question_ask(
        reader(2),
        text="想查 1950 年代《浙江日报》的原版报纸，在哪里可以看到？",
        language="zh-hans",
        category="collections",
    )
    referral = question_refer(actor=librarian, question_id=answered_by_partner.pk, partner_id=zj.pk)
    referral_answer(
        actor=partner_user,
        referral_id=referral.pk,
        answer="本馆报刊部可提供该报的缩微胶卷阅览，请读者携带证件到馆，在报刊阅览室申请。",
    )
    question_answer(
        actor=librarian,
        question_id=answered_by_partner.pk,
        answer="经咨询浙江图书馆：该馆报刊部可提供 1950 年代《浙江日报》的缩微胶卷阅览，"
        "请携带身份证件到馆，在报刊阅览室申请。",
        sources=[SourceIn(title="浙江图书馆参考咨询答复", publisher="浙江图书馆")],
    )
    answered = question_ask(
        reader(3),
        text="西湖是什么时候被列入世界遗产名录的？",
        language="zh-hans",
        category="local",
    )
    question_assign(actor=librarian, question_id=answered.pk)
    question_answer(
        actor=librarian,
        question_id=answered.pk,
        answer="“杭州西湖文化景观”于 2011 年 6 月在第 35 届世界遗产大会上列入《世界遗产名录》。",
        sources=[
            SourceIn(
                title="West Lake Cultural Landscape of Hangzhou",
                publisher="UNESCO World Heritage Centre",
                url="https://whc.unesco.org/en/list/1334",
                date="2011",
            )
        ],
    )
    closed = question_ask(
        reader(4),
        text="杭州图书馆有没有可以自习的座位？需要预约吗？",
        language="zh-hans",
        category="lending",
    )
    question_answer(
        actor=librarian,
        question_id=closed.pk,
        answer="有。各馆的阅览区都有自习座位，开放时间内可直接使用；各馆的开放时间见“图书馆”页面。",
    )
    question_close(actor=librarian, question_id=closed.pk)


def reference_demo_load(*, password_for, key_for, staff: dict) -> dict:
    """The credentials: `reference` (the librarian, and the partner librarian with
    the API key), and `staff` with the partner librarian's role added."""
    partners = _alliance()
    credentials = {
        "librarian": {"username": "reference", "password": password_for("reference")},
        "partner": _partner_librarian(
            partners["zjlib"], password_for=password_for, key_for=key_for
        ),
    }
    if not Question.objects.exists():
        _questions(partners, get_user_model().objects.filter(username=PARTNER_LIBRARIAN).first())
    partner = credentials["partner"]
    staff = {
        **staff,
        Role.REFERENCE_PARTNER.value: {
            "username": partner["username"],
            "password": partner["password"],
        },
    }
    return {"reference": credentials, "staff": staff}
