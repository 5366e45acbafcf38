"""Model instances from hand-written SQL, for the few hot paths where compiling a
queryset costs more than running it (each such statement says why)."""

from django.db import connection, connections
from django.db.models import Model


def cursor(using=None):
    """A cursor for hand-written statements. On PostgreSQL its parameters are bound
    by the server, so that psycopg prepares a statement run again and again
    (OPTIONS["prepare_threshold"], WENLAN_DB_PREPARE) and PostgreSQL stops planning
    it each time: planning, not running, was most of PostgreSQL's time on the
    event page (1.6 ms of 1.8 for the reader's places). The ORM's own cursors bind
    on the client and are never prepared."""
    db = using or connection
    if db.vendor != "postgresql" or db.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        return db.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    with db.wrap_database_errors:
        raw = ServerBindingCursor(db.connection)
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)


def any_of(column: str, values) -> tuple[str, list]:
    """`column` equal to one of `values`, as SQL and its parameters. On PostgreSQL
    the values go as one array, so the statement's text is the same whatever their
    number and it is prepared once; elsewhere one parameter each."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _fields(model: type[Model], names: tuple[str, ...] | None) -> list:
    if names is None:
        return list(model._meta.concrete_fields)
    return [model._meta.get_field(name) for name in names]


def columns(model: type[Model], alias: str, names: tuple[str, ...] | None = None) -> str:
    """The concrete columns of `model` (or of the fields named), as `alias.column`."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in _fields(model, names))


def width(model: type[Model], names: tuple[str, ...] | None = None) -> int:
    return len(_fields(model, names))


def _converters(model: type[Model], names: tuple[str, ...] | None) -> list:
    """Per field, the column and the ORM's converters for it on this connection
    (kept on the connection: looking them up cost more than converting)."""
    db = connections[connection.alias]  # this thread's connection, not the proxy
    kept = db.__dict__.setdefault("_wenlan_rawsql_converters", {})
    key = (model, names)
    if key not in kept:
        found = []
        for field in _fields(model, names):
            column = field.cached_col
            found.append(
                (
                    column,
                    connection.ops.get_db_converters(column) + column.get_db_converters(connection),
                )
            )
        kept[key] = found
    return kept[key]


def value(model: type[Model], name: str, raw):
    """One column's value converted as the ORM's compiler converts it (SQLite's
    dates, times, decimals and booleans)."""
    ((column, converters),) = _converters(model, (name,))
    for convert in converters:
        raw = convert(raw, column, connection)
    return raw


def instance(model: type[Model], values, names: tuple[str, ...] | None = None) -> Model:
    """An instance from the values of `columns(model, alias, names)`; fields not
    named are deferred (read on first use)."""
    converted = list(values)
    for index, (column, converters) in enumerate(_converters(model, names)):
        for convert in converters:
            converted[index] = convert(converted[index], column, connection)
    if names is None:
        return model.from_db(connection.alias, None, converted)
    # from_db takes the values in the model's field order, whatever order `names` has
    given = dict(zip((f.attname for f in _fields(model, names)), converted, strict=True))
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in given]
    return model.from_db(connection.alias, attnames, [given[name] for name in attnames])


def insert(obj: Model) -> None:
    """INSERT one new row and set its primary key, as `save()` would, without
    compiling a query. For a write inside a short row lock."""
    model = type(obj)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)}"
        f" ({', '.join(quote(f.column) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))})"
    )
    params = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    with cursor() as db_cursor:
        db_cursor.execute(sql, params)
        obj.pk = db_cursor.fetchone()[0] if returning else db_cursor.lastrowid
    obj._state.adding = False
    obj._state.db = connection.alias
