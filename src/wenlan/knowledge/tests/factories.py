import datetime as dt

import factory

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge.enums import ArticleKind, PassageLanguage
from wenlan.knowledge.models import Article, Passage, Source, Topic
from wenlan.knowledge.policies import ArticleContent, PassageIn, SourceIn
from wenlan.knowledge.services.articles import article_upsert


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_zh = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    kind = ArticleKind.ARTICLE
    title_zh = factory.Sequence(lambda n: f"文章{n}")
    title_en = factory.Sequence(lambda n: f"Article {n}")
    review_on = dt.date(2030, 1, 1)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    article = factory.SubFactory(ArticleFactory)
    position = 1
    title = "杭州市人民政府"
    publisher = "杭州市人民政府"
    url = "https://www.hangzhou.gov.cn/"
    date = "2024"


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    article = factory.SubFactory(ArticleFactory)
    language = PassageLanguage.ZH_HANS
    position = 1
    text = "杭州图书馆是杭州市的公共图书馆。"


def article_content(
    slug: str = "west-lake",
    *,
    zh: tuple[str, ...] = ("西湖位于杭州市西部，2011年列入世界遗产名录。",),
    en: tuple[str, ...] = (
        "West Lake lies in the west of Hangzhou; it became World Heritage in 2011.",
    ),
    title_zh: str = "西湖",
    title_en: str = "West Lake",
    kind: str = ArticleKind.ARTICLE,
    topics: tuple[str, ...] = (),
    review_on: dt.date = dt.date(2030, 1, 1),
) -> ArticleContent:
    """Content for `article_upsert`: every passage cites the one source."""
    return ArticleContent(
        slug=slug,
        title_zh=title_zh,
        title_en=title_en,
        review_on=review_on,
        kind=kind,
        topics=topics,
        sources=(
            SourceIn(
                "West Lake Cultural Landscape",
                "UNESCO",
                "https://whc.unesco.org/en/list/1334",
                "2011-06-24",
            ),
        ),
        passages_zh=tuple(PassageIn(text, (1,)) for text in zh),
        passages_en=tuple(PassageIn(text, (1,)) for text in en),
    )


def west_lake_and_library_card() -> None:
    """Two articles in both languages: the West Lake (two passages) and the library card."""
    article_upsert(
        SYSTEM,
        content=article_content(
            "west-lake",
            zh=(
                "西湖位于杭州市西部，三面环山，2011年6月作为文化景观列入世界遗产名录。",
                "苏堤是苏轼任杭州知州时疏浚西湖、用淤泥筑成的长堤，南北横贯湖面。",
            ),
            en=(
                "West Lake lies in the west of Hangzhou, hills on three sides; it was "
                "inscribed on the World Heritage List as a cultural landscape in June 2011.",
                "The Su Causeway was built by Su Shi, governor of Hangzhou, from the mud "
                "dredged out of the lake; it crosses the lake from south to north.",
            ),
        ),
    )
    article_upsert(
        SYSTEM,
        content=article_content(
            "library-card",
            title_zh="办理读者证",
            title_en="Getting a library card",
            zh=("在杭州图书馆办理读者证只需身份证，免押金，当场可借书。",),
            en=(
                "A library card at Hangzhou Public Library needs only an identity card; "
                "no deposit.",
            ),
        ),
    )
