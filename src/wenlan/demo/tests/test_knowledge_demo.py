import pytest

from wenlan.demo.knowledge import knowledge_demo_load
from wenlan.demo.loader import _load_network
from wenlan.knowledge.models import Article, KnowledgeVersion, Passage

pytestmark = pytest.mark.django_db


def test_the_demo_knowledge_base_loads_once():
    _load_network()
    first = knowledge_demo_load()
    assert first["knowledge"]["rejected"] == 0, first["knowledge"]["errors"]
    assert first["library_pages"]["created"] >= 1
    assert Article.objects.filter(slug="library-hz", kind="library").exists()
    version = KnowledgeVersion.objects.get().number
    passages = Passage.objects.count()
    again = knowledge_demo_load()
    assert again["knowledge"]["created"] == again["knowledge"]["updated"] == 0
    assert again["library_pages"]["unchanged"] == first["library_pages"]["created"]
    assert KnowledgeVersion.objects.get().number == version
    assert Passage.objects.count() == passages
