"""The public pages: the knowledge base's topics and search, an article, the FAQ."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenlan.core.errors import NotFoundError
from wenlan.knowledge.forms import SearchForm
from wenlan.knowledge.selectors import articles as selectors
from wenlan.knowledge.selectors.retrieval import search

SEARCH_HITS = 10


def kb_home(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    topic = request.GET.get("topic", "")[:64]
    # The question's own language picks the passages (a Chinese question on the
    # English page finds Chinese passages).
    hits = search(query, limit=SEARCH_HITS) if query else []
    return render(
        request,
        "knowledge/home.html",
        {
            "form": form,
            "query": query,
            "hits": hits,
            "threshold": settings.KNOWLEDGE_ANSWER_CONFIDENCE,
            "topics": selectors.topic_list_with_counts(),
            "topic": topic,
            "articles": list(selectors.article_list_public(topic=topic)) if topic else [],
        },
    )


def kb_article(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.article_page_public(slug=slug)
    if page is None:
        raise NotFoundError()
    return render(request, "knowledge/article.html", {"page": page})


def kb_faq(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/faq.html", {"pages": selectors.faq_list_public()})
