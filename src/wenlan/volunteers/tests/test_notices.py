import pytest
from django.utils import translation

from wenlan.notices.enums import NoticeKind
from wenlan.notices.messages import notice_text

PARAMS = {
    "title": {"zh-hans": "少儿故事会", "en": "Children's story time"},
    "when": "2026-12-05 14:00–17:00",
    "reason": "闭馆检修",
    "other": "李*",
    "hours": "3.0",
}


@pytest.mark.parametrize(
    ("what", "zh", "en"),
    [
        (
            "shift_cancelled",
            "志愿服务班次取消：少儿故事会",
            "Volunteer shift cancelled: Children's story time",
        ),
        (
            "shift_changed",
            "志愿服务班次时间变更：少儿故事会",
            "Volunteer shift moved: Children's story time",
        ),
        ("swap_offered", "换班邀请：少儿故事会", "Shift swap offer: Children's story time"),
        ("swap_accepted", "换班成功：少儿故事会", "Shift swapped: Children's story time"),
        ("hours_approved", "服务时长已认定：3.0 小时", "Hours approved: 3.0 h"),
    ],
)
def test_each_volunteer_notice_reads_in_both_languages(what, zh, en):
    params = {**PARAMS, "what": what}
    with translation.override("zh-hans"):
        text = notice_text(kind=NoticeKind.VOLUNTEER_SHIFT, params=params, reader_name="王芳")
        assert text.subject == zh
        assert text.body.startswith("王芳，您好！")
    with translation.override("en"):
        text = notice_text(kind=NoticeKind.VOLUNTEER_SHIFT, params=params, reader_name="Ann")
        assert text.subject == en
        assert text.body.startswith("Dear Ann,")


def test_a_promoted_class_place_has_no_ticket_line():
    params = {"title": {"zh-hans": "宋韵文化", "en": "Song culture"}, "when": "2026-12-05 19:00"}
    with translation.override("zh-hans"):
        body = notice_text(
            kind=NoticeKind.WAITLIST_PROMOTED, params=params, reader_name="王芳"
        ).body
    assert "宋韵文化" in body and "票券码" not in body
