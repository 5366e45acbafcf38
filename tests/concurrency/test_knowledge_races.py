"""Knowledge-base races on PostgreSQL with real threads: two librarians creating an
article under one slug, and writers bumping the knowledge base's version at once
(the first bump makes its row)."""

import pytest

from wenlan.accounts.actors import SYSTEM
from wenlan.core.testing import race, race_marks, skip_unless_postgres
from wenlan.knowledge.models import Article, KnowledgeVersion, Passage
from wenlan.knowledge.services.articles import article_create, article_upsert
from wenlan.knowledge.tests.factories import article_content

pytestmark = race_marks


@pytest.fixture(autouse=True)
def _postgres_only():
    skip_unless_postgres()


def test_two_librarians_creating_one_slug_one_wins():
    contents = [
        article_content("su-causeway", zh=("苏堤是苏轼修的。",), en=("Su Shi built it.",)),
        article_content("su-causeway", zh=("苏堤长约2.8公里。",), en=("It is 2.8 km long.",)),
    ]
    wins, losses = race(2, lambda n: article_create(SYSTEM, content=contents[n]))
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == "slug_taken"
    article = Article.objects.get()
    assert list(Passage.objects.filter(language="zh-hans").values_list("text", flat=True)) == [
        wins[0].passages.get(language="zh-hans").text
    ]
    assert article.pk == wins[0].pk


def test_writers_bumping_the_version_at_once_count_every_write():
    contents = [article_content(f"article-{n}") for n in range(4)]
    wins, losses = race(4, lambda n: article_upsert(SYSTEM, content=contents[n]))
    assert (len(wins), losses) == (4, [])
    assert KnowledgeVersion.objects.get().number == 4
