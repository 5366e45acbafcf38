"""The audit log page: filters, labels a person reads, and a desk's repeated views
of one reader in one visit kept as one entry."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wenlan.accounts.enums import Role
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.core import audit, clock
from wenlan.core.models import AuditAction, AuditEntry
from wenlan.patrons.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db
NOON = timezone.make_aware(dt.datetime(2026, 12, 2, 12, 0))


def _view(actor, reader, at, fields=(), origin="203.0.113.7"):
    with clock.freeze(at), audit.origin(origin):
        return audit.audit_record(
            actor=actor, action=AuditAction.READ, subject=reader, fields=fields
        )


def test_repeated_views_of_one_reader_within_the_window_are_one_entry():
    desk, reader = staff_with_role(Role.NETWORK_ADMIN), ReaderFactory()
    first = _view(desk, reader, NOON, ["loans"])
    again = _view(desk, reader, NOON + dt.timedelta(minutes=29), ["loans"])
    assert again.pk == first.pk
    assert AuditEntry.objects.count() == 1


def test_views_outside_the_window_or_of_other_data_places_or_people_are_kept(settings):
    desk, other_desk, reader = (
        staff_with_role(Role.NETWORK_ADMIN),
        staff_with_role(Role.NETWORK_ADMIN),
        ReaderFactory(),
    )
    _view(desk, reader, NOON, ["loans"])
    _view(desk, reader, NOON + dt.timedelta(minutes=31), ["loans"])  # a later visit
    _view(desk, reader, NOON + dt.timedelta(minutes=32))  # the record, not the loans
    _view(desk, reader, NOON + dt.timedelta(minutes=33), ["loans"], origin="198.51.100.2")
    _view(other_desk, reader, NOON + dt.timedelta(minutes=34), ["loans"])
    _view(desk, ReaderFactory(), NOON + dt.timedelta(minutes=35), ["loans"])
    with clock.freeze(NOON + dt.timedelta(minutes=36)):
        audit.audit_record(actor=desk, action=AuditAction.CHANGE, subject=reader, fields=["block"])
        audit.audit_record(actor=desk, action=AuditAction.CHANGE, subject=reader, fields=["block"])
    assert AuditEntry.objects.count() == 8
    settings.WENLAN_AUDIT_VIEW_WINDOW_MINUTES = 0
    _view(desk, reader, NOON + dt.timedelta(minutes=37), ["loans"])
    assert AuditEntry.objects.count() == 9


@pytest.fixture
def log():
    admin = staff_with_role(Role.NETWORK_ADMIN, username="auditor", language="en")
    desk = staff_with_role(Role.NETWORK_ADMIN, username="desk-li")
    other = staff_with_role(Role.NETWORK_ADMIN, username="desk-wang")
    zhang = ReaderFactory(card_number="HZ00000101", name="张三")
    li = ReaderFactory(card_number="HZ00000102", name="李四")
    _view(desk, zhang, NOON, ["loans"])
    _view(desk, li, NOON + dt.timedelta(days=1))
    _view(other, zhang, NOON + dt.timedelta(days=2), ["phone", "home_library_id"])
    with clock.freeze(NOON + dt.timedelta(days=3)):
        audit.audit_record(actor=desk, action=AuditAction.CHANGE, subject=zhang, fields=["block"])
    return admin


def _rows(client, **query) -> list[str]:
    html = client.get(reverse("accounts:audit_log"), query).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [row.split("<td>")[1].split("</td>")[0] for row in body.split("<tr>")[1:]]


def test_audit_log_filters_by_staff_reader_kind_and_dates(client, log, django_assert_num_queries):
    client.force_login(log)
    _rows(client)  # the first staff request stores when they were last seen (idle timeout)
    # session, user, their roles, actors for the filter, count, page
    with django_assert_num_queries(6):
        assert len(_rows(client)) == 4
    assert _rows(client, actor="desk-wang") == ["2026-12-04 12:00:00"]
    assert _rows(client, reader="HZ00000101") == [
        "2026-12-05 12:00:00",
        "2026-12-04 12:00:00",
        "2026-12-02 12:00:00",
    ]
    assert _rows(client, reader="李四") == ["2026-12-03 12:00:00"]
    assert _rows(client, action="change") == ["2026-12-05 12:00:00"]
    assert _rows(client, date_from="2026-12-03", date_to="2026-12-04") == [
        "2026-12-04 12:00:00",
        "2026-12-03 12:00:00",
    ]
    assert _rows(client, actor="desk-li", action="read", reader="张三") == ["2026-12-02 12:00:00"]


def test_audit_log_says_actions_subjects_and_fields_in_words(client, log):
    client.force_login(log)
    html = client.get(reverse("accounts:audit_log"), {"actor": "desk-wang"}).content.decode()
    assert "<td>Read</td>" in html
    assert "<td>Reader record · HZ00000101 张三</td><td>Home library, Mobile number</td>" in html
    assert "patrons.reader" not in html and "home_library_id" not in html
    html = client.get(reverse("accounts:audit_log"), {"action": "change"}).content.decode()
    assert "<td>Borrowing block</td>" in html
    html = client.get(reverse("accounts:audit_log"), {"reader": "李四"}).content.decode()
    assert "<td>Reader record · HZ00000102 李四</td><td>Whole record</td>" in html


def test_audit_log_refuses_a_bad_date_range_in_words(client, log):
    client.force_login(log)
    response = client.get(
        reverse("accounts:audit_log"), {"date_from": "2026-12-05", "date_to": "2026-12-01"}
    )
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
