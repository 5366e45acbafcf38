"""Answers from the knowledge base: the best passage, when retrieval is confident
enough (`settings.KNOWLEDGE_ANSWER_CONFIDENCE`), with its sources and the next
passages' titles as "see also"; else an honest "I don't know this one"."""

from django.conf import settings
from django.utils.translation import gettext as _

from wenlan.knowledge.selectors.retrieval import Hit, search
from wenlan.robot import phrasing, policies
from wenlan.robot.policies import Citation, Reply, Source

HITS_READ = 5


def _source(hit: Hit) -> Source:
    return Source(
        title=hit.article_title,
        url=hit.url,
        excerpt=policies.excerpt_of(hit.text),
        ref=hit.ref,
        citations=tuple(
            Citation(title=s.title, publisher=s.publisher, url=s.url, date=s.date)
            for s in hit.sources
        ),
    )


def _see_also(hits: list[Hit]) -> list[Hit]:
    """The next passages, in retrieval's order (another passage of the same article
    too: it may be the one that answers), each once."""
    seen = {hits[0].ref}
    out = []
    for hit in hits[1:]:
        if hit.ref not in seen:
            seen.add(hit.ref)
            out.append(hit)
    return out


def knowledge_reply(*, question: str) -> Reply:
    """English questions search the English passages, Chinese ones the Chinese
    (the language is read from the question itself, not from the page:
    `policies.search_language`)."""
    hits = search(question, language=policies.search_language(question), limit=HITS_READ)
    best = hits[0] if hits else None
    if best is None or best.confidence < settings.KNOWLEDGE_ANSWER_CONFIDENCE:
        return Reply(
            _("这个问题我还不知道答案。需要的话，我可以把它转给图书馆员，由馆员来解答。"),
            confidence=best.confidence if best else 0.0,
            answered=False,
        )
    shown = [best, *_see_also(hits)][: policies.SOURCES_SHOWN]
    sources = tuple(_source(hit) for hit in shown)
    answer = phrasing.phrase(question=question, passages=[hit.text for hit in shown]) or best.text
    return Reply(answer, sources=sources, confidence=best.confidence, answered=True)
