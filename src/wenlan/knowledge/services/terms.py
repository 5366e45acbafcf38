"""Passages' stored search terms cut again after the synonym list or the analysis
changed (`wenlan kb reindex`): until then each process cuts them again in memory
whenever it builds its index, which for 10,000 passages takes seconds."""

from collections.abc import Callable

from django.db import transaction

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.knowledge import terms as kb_terms
from wenlan.knowledge.enums import PassageLanguage
from wenlan.knowledge.models import Passage
from wenlan.knowledge.services.articles import knowledge_version_bump

BATCH = 500


def passage_terms_refresh(actor, *, progress: Callable[[int], None] = lambda done: None) -> int:
    """Rewrites the terms of every passage cut with another key; returns how many.
    Each batch is its own transaction; running it twice rewrites nothing."""
    ensure_can(actor, Perm.KNOWLEDGE_EDIT)
    key = kb_terms.terms_key()
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Passage.objects.exclude(terms_key=key)
                .select_related("article")
                .select_for_update(of=("self",))
                .order_by("pk")[:BATCH]
            )
            if not batch:
                return done
            for passage in batch:
                article = passage.article
                title = (
                    article.title_en or article.title_zh
                    if passage.language == PassageLanguage.EN
                    else article.title_zh
                )
                passage.terms = kb_terms.indexed_terms(title, passage.text)
                passage.terms_key = key
            Passage.objects.bulk_update(batch, ["terms", "terms_key"])
            knowledge_version_bump()
        done += len(batch)
        progress(done)
