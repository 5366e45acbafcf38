import json

import pytest
from django.core.management import call_command

from wenlan.accounts.actors import SYSTEM
from wenlan.knowledge import terms as kb_terms
from wenlan.knowledge.models import KnowledgeVersion, Passage
from wenlan.knowledge.services.articles import article_upsert
from wenlan.knowledge.services.terms import passage_terms_refresh
from wenlan.knowledge.tests.factories import article_content

pytestmark = pytest.mark.django_db


def test_stale_terms_are_cut_again_once(capsys):
    article_upsert(SYSTEM, content=article_content("west-lake"))
    fresh = dict(Passage.objects.values_list("pk", "terms"))
    Passage.objects.update(terms="stale", terms_key="old")
    version = KnowledgeVersion.objects.get().number
    call_command("kb", "reindex")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"passages": 2}
    assert dict(Passage.objects.values_list("pk", "terms")) == fresh
    assert set(Passage.objects.values_list("terms_key", flat=True)) == {kb_terms.terms_key()}
    assert KnowledgeVersion.objects.get().number == version + 1
    assert passage_terms_refresh(SYSTEM) == 0
