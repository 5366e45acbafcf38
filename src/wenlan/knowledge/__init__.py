"""The knowledge base: bilingual articles cut into passages, their sources, retrieval."""
