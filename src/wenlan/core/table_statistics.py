"""PostgreSQL chooses how to run a statement from its statistics of the tables,
which a new table does not have yet (autovacuum gathers them late, or never where
it is off): without them a batch's look-ups each read the whole table. A bulk
load keeps them in step itself. SQLite plans without gathered statistics, and
there this does nothing. Asked for by `bench/import_marc.py` on PostgreSQL: without
it, each batch look-up of an import into a new catalog read the whole record table
(8.5 ms a look-up at 18,000 records instead of an index scan)."""

from django.db import connection
from django.db.models import Model

from wenlan.core import rawsql


class TableStatistics:
    """Call `added(rows)` after each committed batch: the tables' statistics are
    gathered again whenever the load has added as many rows as they counted (and
    at least `at_least`)."""

    def __init__(self, *models: type[Model], at_least: int = 1000) -> None:
        self.tables = [model._meta.db_table for model in models]
        self.at_least = at_least
        self.enabled = connection.vendor == "postgresql"
        self.counted = self._counted() if self.enabled else 0
        self.added_since = 0

    def _counted(self) -> int:
        with rawsql.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(greatest(reltuples, 0)), 0) FROM pg_class"
                " WHERE relname = ANY(%s)",
                [self.tables],
            )
            return int(cursor.fetchone()[0])

    def added(self, rows: int) -> None:
        if not self.enabled:
            return
        self.added_since += rows
        if self.added_since >= max(self.at_least, self.counted):
            quote = connection.ops.quote_name
            with rawsql.cursor() as cursor:
                cursor.execute(f"ANALYZE {', '.join(quote(t) for t in self.tables)}")
            self.counted, self.added_since = self._counted(), 0
