"""By sub-domain: bookstore (悦读)."""
