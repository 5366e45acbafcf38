"""A knowledge base grown to many passages, for speed tests and the robot's
benchmark: synthetic articles of ten passages per language, whose words are drawn
from a fixed vocabulary (so the index has a realistic spread of rare and common
terms), written straight to the tables with their terms, as the services write
them."""

import datetime as dt
import random

from django.db import transaction

from wenlan.knowledge import terms as kb_terms
from wenlan.knowledge.enums import PassageLanguage
from wenlan.knowledge.models import Article, Passage
from wenlan.knowledge.services.articles import knowledge_version_bump

ZH_WORDS = str.split(
    "杭州 城市 历史 文化 公园 街道 博物馆 展览 市民 服务 中心 交通 地铁 公交 学校 医院 "
    "河道 桥梁 寺庙 古镇 茶园 山林 湿地 湖泊 书院 诗人 画家 工匠 丝织 瓷器 戏曲 节日 "
    "市场 企业 科技 创新 数字 经济 政务 窗口 社区 志愿者 旅游 游客 码头 古道 遗址 考古 "
    "朝代 宋代 明代 清代 民国 建筑 园林 碑刻 石窟 佛像 书法 篆刻 雕塑 音乐 舞蹈 体育"
)
EN_WORDS = str.split(
    "city history culture park street museum exhibition citizen service centre transport "
    "metro bus school hospital river bridge temple town tea garden forest wetland lake "
    "academy poet painter craftsman silk porcelain opera festival market company science "
    "innovation digital economy government window community volunteer tourism visitor pier "
    "trail site archaeology dynasty song ming qing republic building garden stele grotto "
    "statue calligraphy seal sculpture music dance sport"
)


def grow_knowledge_base(passages: int, *, seed: int = 13) -> int:
    """Adds about `passages` passages in each language; returns the articles made."""
    rng = random.Random(seed)
    per_article = 10
    count = max(1, passages // per_article)
    with transaction.atomic():
        articles = Article.objects.bulk_create(
            Article(
                slug=f"bulk-{seed}-{n}",
                title_zh=f"资料{n}",
                title_en=f"Notes {n}",
                review_on=dt.date(2030, 1, 1),
                origin="bulk",
            )
            for n in range(count)
        )
        rows = []
        key = kb_terms.terms_key()
        for article in articles:
            for position in range(1, per_article + 1):
                zh = "，".join(
                    "".join(rng.choices(ZH_WORDS, k=rng.randint(2, 4))) for _ in range(8)
                )
                en = " ".join(rng.choices(EN_WORDS, k=60))
                rows.append(
                    Passage(
                        article=article,
                        language=PassageLanguage.ZH_HANS,
                        position=position,
                        text=zh + "。",
                        terms=kb_terms.indexed_terms(article.title_zh, zh),
                        terms_key=key,
                    )
                )
                rows.append(
                    Passage(
                        article=article,
                        language=PassageLanguage.EN,
                        position=position,
                        text=en + ".",
                        terms=kb_terms.indexed_terms(article.title_en, en),
                        terms_key=key,
                    )
                )
        Passage.objects.bulk_create(rows, batch_size=2000)
        knowledge_version_bump()
    return count
