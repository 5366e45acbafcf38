import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from wenlan.core import rawsql

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_instance_converts_as_the_orm_does():
    joined = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 30))
    user = User.objects.create(username="reader-1", is_staff=True, date_joined=joined)
    sql = f"SELECT {rawsql.columns(User, 'u')} FROM {User._meta.db_table} u WHERE u.id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        row = cursor.fetchone()
    loaded = rawsql.instance(User, row)
    assert (loaded.pk, loaded.username, loaded.is_staff, loaded.is_active) == (
        user.pk,
        "reader-1",
        True,
        True,
    )
    assert loaded.date_joined == joined and loaded.date_joined.tzinfo is not None
    assert loaded._state.adding is False


def test_instance_of_named_fields_defers_the_rest(django_assert_num_queries):
    user = User.objects.create(username="reader-2", first_name="文")
    names = ("id", "username")
    sql = f"SELECT {rawsql.columns(User, 'u', names)} FROM {User._meta.db_table} u"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    assert rawsql.width(User, names) == 2
    loaded = rawsql.instance(User, row, names)
    assert loaded.username == "reader-2"
    with django_assert_num_queries(1):
        assert loaded.first_name == "文"
    assert loaded.pk == user.pk


def test_named_fields_may_come_in_any_order():
    User.objects.create(username="reader-5", first_name="文", last_name="澜", email="w@example.cn")
    names = ("email", "id", "last_name", "username", "first_name")  # not the model's order
    sql = f"SELECT {rawsql.columns(User, 'u', names)} FROM {User._meta.db_table} u"
    with rawsql.cursor() as cursor:
        cursor.execute(sql)
        loaded = rawsql.instance(User, cursor.fetchone(), names)
    assert (loaded.username, loaded.first_name, loaded.last_name, loaded.email) == (
        "reader-5",
        "文",
        "澜",
        "w@example.cn",
    )


@pytest.mark.parametrize("values", [[], [1], [1, 2, 3]])
def test_any_of_matches_each_value_given(values):
    users = [User.objects.create(username=f"any-{n}") for n in range(4)]
    wanted = [users[i - 1].pk for i in values] if values else []
    where, params = rawsql.any_of("id", wanted)
    with rawsql.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {User._meta.db_table} WHERE {where}", params)
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(wanted)


def test_insert_sets_the_primary_key_as_save_would():
    user = User(username="reader-3", password="!", date_joined=timezone.now())
    rawsql.insert(user)
    assert user.pk is not None and user._state.adding is False
    assert User.objects.get(pk=user.pk).username == "reader-3"


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
def test_a_hand_written_statement_run_often_is_prepared_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (psycopg prepare_threshold)")
    user = User.objects.create(username="reader-4")
    sql = "SELECT username FROM accounts_user WHERE id = %s AND is_active"
    for _ in range(6):
        with rawsql.cursor() as cursor:
            cursor.execute(sql, [user.pk])
            assert cursor.fetchone() == ("reader-4",)
    prepared = _prepared_statements()
    assert any("FROM accounts_user WHERE id = $1 AND is_active" in s for s in prepared)


@pytest.mark.postgres
def test_without_a_prepare_threshold_nothing_is_prepared(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (psycopg prepare_threshold)")
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    sql = "SELECT count(*) FROM accounts_user WHERE is_staff = %s"
    for _ in range(6):
        with rawsql.cursor() as cursor:
            cursor.execute(sql, [True])
    assert not any("is_staff = " in s for s in _prepared_statements())
