"""Reads of the knowledge base, and its retrieval."""
