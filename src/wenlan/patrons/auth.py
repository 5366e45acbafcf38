"""How a request's signed-in user is read: Django's ModelBackend, with the user's
reader record (and its home library) read in the same hand-written statement.
Every page asks for it (the menu shows "我的" to readers; the event page and a
sign-up need the reader), and reading the user with the ORM and the reader after
it cost two compiled queries per request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from wenlan.core import rawsql
from wenlan.network.models import Library
from wenlan.patrons.models import Reader


class UserWithReaderBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        sql = (
            f"SELECT {rawsql.columns(User, 'u')}, {rawsql.columns(Reader, 'r')},"
            f" {rawsql.columns(Library, 'l')} FROM {User._meta.db_table} u"
            f" LEFT JOIN {Reader._meta.db_table} r ON r.user_id = u.id"
            f" LEFT JOIN {Library._meta.db_table} l ON l.id = r.home_library_id"
            " WHERE u.id = %s"
        )
        with rawsql.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        users, readers = rawsql.width(User), rawsql.width(Reader)
        user = rawsql.instance(User, row[:users])
        reader = None
        if row[users] is not None:
            reader = rawsql.instance(Reader, row[users : users + readers])
            Reader.home_library.field.set_cached_value(
                reader, rawsql.instance(Library, row[users + readers :])
            )
            Reader.user.field.set_cached_value(reader, user)
        # Cached even when None: `user.reader` then raises DoesNotExist, no query.
        User.reader.related.set_cached_value(user, reader)
        return user if self.user_can_authenticate(user) else None
