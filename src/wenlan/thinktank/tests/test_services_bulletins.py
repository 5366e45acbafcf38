import datetime as dt

import pytest

from wenlan.core import clock
from wenlan.core.errors import PermissionDeniedError, ValidationError
from wenlan.thinktank import policies
from wenlan.thinktank.errors import BulletinEmptyError, BulletinStateError
from wenlan.thinktank.models import Bulletin, BulletinEvent
from wenlan.thinktank.services import bulletins as services
from wenlan.thinktank.services import submissions
from wenlan.thinktank.tests.factories import ClippingFactory, SeriesFactory, chief, editor

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def test_policies_without_the_database():
    assert policies.next_status("draft", "submit") == "in_review"
    assert policies.next_status("sent_back", "submit") == "in_review"
    assert policies.next_status("draft", "approve") is None
    assert policies.next_status("in_review", "issue") is None
    assert policies.next_status("approved", "issue") == "issued"
    assert policies.next_number([]) == 1
    assert policies.next_number([1, 2, 5]) == 6


def _draft(actor, series=None):
    bulletin = services.bulletin_create(
        actor=actor, series_id=(series or SeriesFactory()).pk, title="生态城市建设参考"
    )
    first, second = ClippingFactory(title="湿地保护"), ClippingFactory(title="垃圾分类")
    services.bulletin_section_add(
        actor=actor, bulletin_id=bulletin.pk, clipping_id=first.pk, note="值得借鉴"
    )
    services.bulletin_section_add(actor=actor, bulletin_id=bulletin.pk, clipping_id=second.pk)
    return bulletin


def test_the_workflow_from_draft_through_review_to_issue_is_recorded():
    writer, boss = editor(username="writer"), chief(username="boss")
    with clock.freeze(NOW):
        bulletin = _draft(writer)
        assert [s.heading for s in bulletin.sections.all()] == ["湿地保护", "垃圾分类"]
        assert bulletin.sections.first().note == "值得借鉴"
        services.bulletin_submit(actor=writer, bulletin_id=bulletin.pk)
        with pytest.raises(PermissionDeniedError):
            services.bulletin_approve(actor=writer, bulletin_id=bulletin.pk)
        with pytest.raises(ValidationError):
            services.bulletin_send_back(actor=boss, bulletin_id=bulletin.pk, comment=" ")
        services.bulletin_send_back(actor=boss, bulletin_id=bulletin.pk, comment="请调整顺序")
        second = bulletin.sections.get(heading="垃圾分类")
        services.bulletin_section_move(actor=writer, section_id=second.pk, up=True)
        services.bulletin_submit(actor=writer, bulletin_id=bulletin.pk)
        with pytest.raises(BulletinStateError):
            services.bulletin_section_remove(actor=writer, section_id=second.pk)
        services.bulletin_approve(actor=boss, bulletin_id=bulletin.pk)
        issued = services.bulletin_issue(actor=boss, bulletin_id=bulletin.pk)
    assert (issued.status, issued.year, issued.number) == ("issued", 2026, 1)
    assert str(issued.number_label) == "2026年第1期"
    assert issued.issued_on == dt.date(2026, 12, 3)
    assert [s.heading for s in issued.sections.order_by("position")] == ["垃圾分类", "湿地保护"]
    history = list(
        BulletinEvent.objects.filter(bulletin=bulletin).values_list(
            "actor_label", "action", "comment"
        )
    )
    assert history == [
        ("writer", "created", ""),
        ("writer", "section_added", "湿地保护"),
        ("writer", "section_added", "垃圾分类"),
        ("writer", "submitted", ""),
        ("boss", "sent_back", "请调整顺序"),
        ("writer", "section_moved", "垃圾分类"),
        ("writer", "submitted", ""),
        ("boss", "approved", ""),
        ("boss", "issued", "2026年第1期"),
    ]


def test_numbers_run_per_series_and_year():
    boss = chief()
    series, other = SeriesFactory(), SeriesFactory()

    def issue(s, when):
        with clock.freeze(when):
            b = _draft(boss, s)
            services.bulletin_submit(actor=boss, bulletin_id=b.pk)
            services.bulletin_approve(actor=boss, bulletin_id=b.pk)
            return services.bulletin_issue(actor=boss, bulletin_id=b.pk).number

    assert issue(series, NOW) == 1
    assert issue(series, NOW) == 2
    assert issue(other, NOW) == 1
    assert issue(series, NOW.replace(year=2027)) == 1


def test_refusals_change_nothing():
    writer, boss = editor(), chief()
    empty = services.bulletin_create(actor=writer, series_id=SeriesFactory().pk, title="空")
    with pytest.raises(BulletinEmptyError):
        services.bulletin_submit(actor=writer, bulletin_id=empty.pk)
    with pytest.raises(BulletinStateError):
        services.bulletin_issue(actor=boss, bulletin_id=empty.pk)
    with pytest.raises(PermissionDeniedError):
        services.series_create(actor=writer, slug="x", name_zh="x")
    with pytest.raises(ValidationError):
        services.bulletin_create(actor=writer, series_id=empty.series_id, title="")
    empty.refresh_from_db()
    assert (empty.status, empty.number) == ("draft", None)
    assert Bulletin.objects.count() == 1


def test_submissions_and_feedback_of_an_issued_bulletin():
    boss = chief()
    with clock.freeze(NOW):
        bulletin = _draft(boss)
        with pytest.raises(BulletinStateError):
            submissions.submission_log(
                actor=boss,
                bulletin_id=bulletin.pk,
                office="市委办公厅",
                submitted_on=dt.date(2026, 12, 3),
                channel="paper",
            )
        services.bulletin_submit(actor=boss, bulletin_id=bulletin.pk)
        services.bulletin_approve(actor=boss, bulletin_id=bulletin.pk)
        services.bulletin_issue(actor=boss, bulletin_id=bulletin.pk)
        sent = submissions.submission_log(
            actor=boss,
            bulletin_id=bulletin.pk,
            office="市委办公厅",
            submitted_on=dt.date(2026, 12, 3),
            channel="paper",
        )
        with pytest.raises(ValidationError):
            submissions.feedback_record(
                actor=boss,
                submission_id=sent.pk,
                kind="instruction",
                received_on=dt.date(2026, 12, 1),
                by_whom="市长",
                text="",
            )
        submissions.feedback_record(
            actor=boss,
            submission_id=sent.pk,
            kind="instruction",
            received_on=dt.date(2026, 12, 3),
            by_whom="市长",
            text="请生态环境局研究落实",
        )
    from wenlan.thinktank.selectors import impact_figures

    (row,) = impact_figures(actor=boss)
    assert (row.year, row.issues, row.submissions, row.instructions, row.adoptions) == (
        2026,
        1,
        1,
        1,
        0,
    )
