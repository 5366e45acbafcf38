"""Reader segments and personal recommendations of books and events, trained from
the analytics export (docs/recommendations.md)."""
