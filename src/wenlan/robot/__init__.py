"""The reference robot: answers a reader's or a visitor's question from live data
(opening hours, where a book is, what is on, the reader's own loans) or from the
knowledge base, citing its sources, and hands what it cannot answer to a librarian."""
