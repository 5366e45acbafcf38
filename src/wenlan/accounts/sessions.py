"""Django's database sessions, each request's look-up made with one hand-written
statement (docs/adr/0002-sessions-in-the-database.md): the row is found by its
primary key in a fraction of a millisecond, and compiling the ORM query cost
more than that. Saving, creating and deleting are Django's own."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from wenlan.core import rawsql


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        if key is None:
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)}"
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with rawsql.cursor(connection) as cursor:
            cursor.execute(sql, [key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0])
