"""Topics, articles, their sources and passages, and the version number."""

from wenlan.knowledge.models.articles import (
    Article,
    KnowledgeVersion,
    Passage,
    Source,
    Topic,
)

__all__ = ["Article", "KnowledgeVersion", "Passage", "Source", "Topic"]
