"""The demo think tank: three topics with alert keywords (the editor `thinktank`
follows the ecological city), three feed subscriptions read from the files of
`thinktank_feeds/` (copied into WENLAN_THINKTANK_FEED_DIR, so no network is
needed), three series — 决策参考, 两会专报, 生态环保专刊 — each with an issued
bulletin built from the clippings, one submission with a leader's instruction,
and a draft of 决策参考 waiting for the chief editor's review.

Idempotent: feeds already read add nothing; a series with bulletins gets none."""

import datetime as dt
import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from wenlan.accounts.selectors import role_partner_id_by_code
from wenlan.core import clock
from wenlan.thinktank.models import (
    Bulletin,
    Clipping,
    ConsultingRequest,
    Feed,
    Series,
    SessionRequest,
    ThematicProduct,
    Topic,
    TopicFollow,
)
from wenlan.thinktank.services import (
    bulletins,
    consulting,
    feeds,
    products,
    sessions,
    submissions,
)

FEED_FILES = Path(__file__).parent / "thinktank_feeds"
TOPICS = [
    ("g20", "G20 峰会后续", "G20 follow-up", "G20\n国际化"),
    ("eco-city", "生态城市", "Ecological city", "湿地\n生态\n碳排放\nwetland"),
    ("two-sessions", "两会", "Two sessions", "两会\n建议提案"),
]
FEEDS = [
    ("杭州政策速递", "hz-policy.xml", None, "domestic_policy"),
    ("专家观点精选", "expert-views.xml", None, "expert"),
    ("World Cities Policy Digest", "world-cities.xml", "eco-city", "foreign_policy"),
]
SERIES = [
    (
        "juece-cankao",
        "决策参考",
        "Decision Reference",
        "生态城市",
        "关于加快建设生态城市的参考意见",
    ),
    ("lianghui", "两会专报", "Two Sessions Special", "两会", "2027 年市两会信息服务专报"),
    ("shengtai", "生态环保专刊", "Ecology Bulletin", "湿地", "国内外城市湿地保护经验"),
]
ISSUER = "杭州图书馆决策信息服务中心"


def _clippings_about(word: str, count: int = 3) -> list[Clipping]:
    return list(Clipping.objects.filter(search_text__contains=f" {word} ")[:count])


def thinktank_demo_load() -> dict:
    User = get_user_model()
    editor = User.objects.get(username="thinktank")
    chief = User.objects.get(username="thinktank-chief")
    for slug, name_zh, name_en, keywords in TOPICS:
        Topic.objects.get_or_create(
            slug=slug, defaults={"name_zh": name_zh, "name_en": name_en, "keywords": keywords}
        )
    TopicFollow.objects.get_or_create(user=editor, topic=Topic.objects.get(slug="eco-city"))
    feed_dir = Path(settings.WENLAN_THINKTANK_FEED_DIR)
    feed_dir.mkdir(parents=True, exist_ok=True)
    for name, filename, topic_slug, kind in FEEDS:
        shutil.copyfile(FEED_FILES / filename, feed_dir / filename)
        if not Feed.objects.filter(path=filename).exists():
            topic = Topic.objects.get(slug=topic_slug) if topic_slug else None
            feeds.feed_subscribe(
                actor=editor,
                name=name,
                path=filename,
                kind=kind,
                topic_id=topic.pk if topic else None,
            )
    summaries = feeds.feeds_fetch(actor=editor)
    issued = 0
    for slug, name_zh, name_en, word, title in SERIES:
        series = Series.objects.filter(slug=slug).first() or bulletins.series_create(
            actor=chief, slug=slug, name_zh=name_zh, name_en=name_en, issuer=ISSUER
        )
        if Bulletin.objects.filter(series=series).exists():
            continue
        bulletin = bulletins.bulletin_create(actor=editor, series_id=series.pk, title=title)
        for clipping in _clippings_about(word) or _clippings_about("杭州"):
            bulletins.bulletin_section_add(
                actor=editor,
                bulletin_id=bulletin.pk,
                clipping_id=clipping.pk,
                note="建议有关部门参阅。",
            )
        bulletins.bulletin_submit(actor=editor, bulletin_id=bulletin.pk)
        bulletins.bulletin_approve(actor=chief, bulletin_id=bulletin.pk, comment="同意签发。")
        bulletins.bulletin_issue(actor=chief, bulletin_id=bulletin.pk)
        issued += 1
        if slug == "juece-cankao":
            sent = submissions.submission_log(
                actor=editor,
                bulletin_id=bulletin.pk,
                office="市委办公厅",
                submitted_on=clock.today(),
                channel="gov_network",
            )
            submissions.feedback_record(
                actor=editor,
                submission_id=sent.pk,
                kind="instruction",
                received_on=clock.today(),
                by_whom="市领导",
                text="请市生态环境局会同有关部门研究吸收。",
            )
            draft = bulletins.bulletin_create(
                actor=editor, series_id=series.pk, title="后G20时代城市国际化的参考建议"
            )
            for clipping in _clippings_about("g20", 2):
                bulletins.bulletin_section_add(
                    actor=editor, bulletin_id=draft.pk, clipping_id=clipping.pk
                )
            bulletins.bulletin_submit(actor=editor, bulletin_id=draft.pk)
    _load_sessions_and_products(editor)
    _load_consulting(editor)
    return {
        "thinktank_clippings_new": sum(s.new for s in summaries),
        "thinktank_bulletins_issued": issued,
    }


def _load_sessions_and_products(editor) -> None:
    if not SessionRequest.objects.exists():
        request = sessions.session_request_create(
            actor=editor,
            requester="张代表",
            requester_kind="deputy",
            delegation="西湖区代表团",
            question="请提供近三年杭州湿地面积变化和国内其他城市湿地保护条例的资料。",
            due_at=clock.now() + dt.timedelta(days=1),
        )
        sessions.session_request_assign(actor=editor, request_id=request.pk, assignee_id=editor.pk)
        sessions.desk_log_add(
            actor=editor,
            place="市民中心两会服务台",
            note="为 6 位代表查询政策文件，代检索统计数据 2 次。",
        )
    if not ThematicProduct.objects.filter(slug="eco-city").exists():
        product = products.product_save(
            actor=editor,
            product_id=None,
            slug="eco-city",
            title_zh="生态城市建设专题",
            title_en="Building an ecological city",
            intro_zh="国内外生态城市建设的政策、专家观点与实践经验。",
            intro_en="Policies, expert views and practice from cities at home and abroad.",
        )
        for clipping in _clippings_about("湿地", 5) + _clippings_about("wetland", 2):
            products.product_clipping_set(
                actor=editor, product_id=product.pk, clipping_id=clipping.pk, included=True
            )
        products.product_publish(actor=editor, product_id=product.pk, published=True)


REPORT = """锂电池回收技术咨询报告（演示）

一、主要工艺路线：湿法冶金、火法冶金与直接再生。
二、国内现状：2026 年回收产能约 200 万吨，湿法路线占七成。
三、建议：关注直接再生技术的中试进展及相关专利布局。
"""


def _load_consulting(editor) -> None:
    """The demo company (partner `yunqi-tech`, contact `enterprise-yunqi`) has asked a
    question; the editor delivered a report, which waits for the company's acceptance."""
    User = get_user_model()
    contact = User.objects.filter(username="enterprise-yunqi").first()
    partner_id = role_partner_id_by_code(code="yunqi-tech")
    if contact is None or partner_id is None or ConsultingRequest.objects.exists():
        return
    request = consulting.consulting_file(
        actor=contact,
        partner_id=partner_id,
        title="锂电池回收技术路线",
        question="请梳理国内外动力锂电池回收的主要工艺路线、产业现状和专利布局。",
    )
    consulting.consulting_assign(actor=editor, request_id=request.pk, assignee_id=editor.pk)
    consulting.consulting_deliver(
        actor=editor,
        request_id=request.pk,
        comment="初步报告，请审阅。",
        upload=SimpleUploadedFile("锂电池回收技术咨询报告.txt", REPORT.encode("utf-8")),
    )
