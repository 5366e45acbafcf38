from wenlan.booklists import policies


def test_publish_needs_books_and_a_draft_or_withdrawn_list():
    assert policies.can_publish(status="draft", books=1)
    assert policies.can_publish(status="withdrawn", books=3)
    assert not policies.can_publish(status="draft", books=0)
    assert not policies.can_publish(status="published", books=3)
    assert policies.can_withdraw(status="published")
    assert not policies.can_withdraw(status="draft")


def test_a_move_stops_at_either_end():
    assert policies.move_target(position=2, direction="up", count=3) == 1
    assert policies.move_target(position=1, direction="up", count=3) is None
    assert policies.move_target(position=3, direction="down", count=3) is None
    assert policies.move_target(position=2, direction="down", count=3) == 3


def test_books_on_a_shelf_come_first_keeping_the_most_borrowed_order():
    assert policies.shelf_first([(5, 0), (3, 2), (9, 0), (1, 1)]) == [3, 1, 5, 9]


def test_a_draft_is_titled_in_both_languages():
    assert policies.draft_titles(topic_zh=" K 历史、地理 ", topic_en="K History") == (
        "主题书单：K 历史、地理",
        "Reading list: K History",
    )
    # A subject word, or a page that sent no English: the Chinese in both.
    assert policies.draft_titles(topic_zh="宋韵", topic_en="")[1] == "Reading list: 宋韵"
    zh, en = policies.draft_descriptions(evidence_zh="借出 12 册次", evidence_en="12 loans")
    assert zh.endswith("借出 12 册次") and en.endswith("12 loans")
    assert policies.draft_descriptions(evidence_zh="借出 12 册次", evidence_en=" ")[1].endswith(
        "借出 12 册次"
    )
    assert policies.draft_origin(kind="clc", key="K", evidence="x") == (
        "planning suggestion (CLC K): x"
    )
