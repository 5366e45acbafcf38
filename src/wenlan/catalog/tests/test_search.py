from wenlan.catalog.search import parse_query


def test_parse_query():
    parts = parse_query('红楼梦 author:曹雪芹 "石头 记" foo:bar isbn:978-7')
    assert [(p.field, p.value, p.phrase) for p in parts] == [
        (None, "红楼梦", False),
        ("author", "曹雪芹", False),
        (None, "石头 记", True),
        (None, "foo:bar", False),
        ("isbn", "978-7", False),
    ]
