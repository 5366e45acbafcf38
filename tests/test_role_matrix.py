"""Every staff page and every API operation tried by every role, a reader and an
anonymous visitor. What each may do is derived from ROLE_PERMISSIONS: the tables
below only say which permission a page or operation needs, and every URL under
/staff/ and every operation of the API must be in them, so a new one that nobody
classified (and so nobody checked) fails here."""

import datetime as dt
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wenlan.accounts.enums import LIBRARY_SCOPED_ROLES, PARTNER_SCOPED_ROLES, Perm, Role
from wenlan.accounts.permissions import ROLE_PERMISSIONS
from wenlan.accounts.tests.factories import staff_with_role
from wenlan.catalog.tests.factories import ItemFactory, RecordFactory, record_create
from wenlan.circulation.enums import TransitReason
from wenlan.circulation.models import Loan, Transit
from wenlan.core import clock
from wenlan.events.tests.factories import EventFactory, OccurrenceFactory, VenueFactory
from wenlan.knowledge.tests.factories import ArticleFactory
from wenlan.learning.tests.factories import ClassMeetingFactory, CourseClassFactory, LessonFactory
from wenlan.network.enums import LibraryKind
from wenlan.network.tests.factories import LibraryFactory, PartnerFactory
from wenlan.o2o.models import Bookstore, DeliveryOrder, DeliveryZone, Parcel
from wenlan.patrons.tests.factories import ReaderFactory
from wenlan.rankings.models import RankingRun
from wenlan.reference.tests.factories import QuestionFactory
from wenlan.spaces.tests.factories import ResourceFactory
from wenlan.thinktank.models import ThematicProduct
from wenlan.thinktank.tests.factories import BulletinFactory, ClippingFactory
from wenlan.volunteers.tests.factories import ProfileFactory, ShiftFactory

pytestmark = pytest.mark.django_db

PUBLIC, READER, STAFF = "public", "reader", "staff"

# Staff pages by URL name: the permission each needs (STAFF: any member of staff).
STAFF_PAGES = {
    "accounts:staff_home": STAFF,
    "accounts:audit_log": Perm.AUDIT_VIEW,
    "patrons:staff_reader_list": Perm.READER_VIEW,
    "patrons:staff_reader_detail": Perm.READER_VIEW,
    "circulation:desk": Perm.CIRCULATION_DESK,
    "circulation:transit_list": Perm.CIRCULATION_DESK,
    "circulation:transit_slip": Perm.CIRCULATION_DESK,
    "circulation:policy_table": Perm.POLICY_CHANGE,
    "circulation:pull_list": Perm.CIRCULATION_DESK,
    "circulation:desk_receipt": Perm.CIRCULATION_DESK,
    "events:staff_checkin": Perm.EVENT_CHECKIN,
    "events:staff_attendance": Perm.EVENT_MANAGE,
    "events:staff_proposals": Perm.EVENT_APPROVE,
    "spaces:staff_bookings": Perm.EVENT_CHECKIN,
    "catalog:brief_queue": Perm.CATALOG_CHANGE,
    "catalog:brief_complete": Perm.CATALOG_CHANGE,
    "o2o:till": Perm.O2O_TILL,
    "o2o:store_loans": (Perm.O2O_TILL, Perm.O2O_MANAGE),
    "o2o:settlement_list": (Perm.O2O_TILL, Perm.O2O_MANAGE),
    "o2o:statement": (Perm.O2O_TILL, Perm.O2O_MANAGE),
    "o2o:statement_export": (Perm.O2O_TILL, Perm.O2O_MANAGE),
    "o2o:rule_list": Perm.O2O_MANAGE,
    "o2o:rule_edit_network": Perm.O2O_MANAGE,
    "o2o:rule_edit_store": Perm.O2O_MANAGE,
    "o2o:suggestion_queue": Perm.ACQUISITIONS,
    "o2o:suggestion_orders": Perm.ACQUISITIONS,
    "o2o:suggestion_orders_export": Perm.ACQUISITIONS,
    "o2o:store_orders": Perm.O2O_TILL,
    "o2o:delivery_queue": Perm.O2O_DELIVERY,
    "o2o:pick_list": Perm.O2O_DELIVERY,
    "o2o:parcel_detail": Perm.O2O_DELIVERY,
    "o2o:delivery_fees": Perm.CIRCULATION_DESK,
    "reference:queue": Perm.REFERENCE_ANSWER,
    "reference:question_detail": Perm.REFERENCE_ANSWER,
    "reference:partner_referrals": Perm.REFERENCE_PARTNER,
    "robot:staff_review": Perm.KNOWLEDGE_EDIT,
    "knowledge:staff_article_list": Perm.KNOWLEDGE_EDIT,
    "knowledge:staff_article_new": Perm.KNOWLEDGE_EDIT,
    "knowledge:staff_article_edit": Perm.KNOWLEDGE_EDIT,
    "thinktank:desk": Perm.THINKTANK_EDIT,
    "thinktank:clipping_list": Perm.THINKTANK_EDIT,
    "thinktank:clipping_new": Perm.THINKTANK_EDIT,
    "thinktank:clipping_detail": Perm.THINKTANK_EDIT,
    "thinktank:attachment_download": Perm.THINKTANK_EDIT,
    "thinktank:topic_list": Perm.THINKTANK_EDIT,
    "thinktank:feed_list": Perm.THINKTANK_EDIT,
    "thinktank:bulletin_list": Perm.THINKTANK_EDIT,
    "thinktank:bulletin_detail": Perm.THINKTANK_EDIT,
    "thinktank:bulletin_pdf": Perm.THINKTANK_EDIT,
    "thinktank:bulletin_docx": Perm.THINKTANK_EDIT,
    "thinktank:impact": Perm.THINKTANK_EDIT,
    "thinktank:impact_export": Perm.THINKTANK_EDIT,
    "thinktank:session_desk": Perm.THINKTANK_EDIT,
    "thinktank:product_list": Perm.THINKTANK_EDIT,
    "thinktank:product_edit": Perm.THINKTANK_EDIT,
    "thinktank:consulting": (Perm.THINKTANK_EDIT, Perm.ENTERPRISE_REQUEST),
    "thinktank:consulting_report": (Perm.THINKTANK_EDIT, Perm.ENTERPRISE_REQUEST),
    "rankings:home": Perm.RANKING_MANAGE,
    "rankings:feeds": Perm.RANKING_FEED,
    "rankings:run": Perm.RANKING_MANAGE,
    "rankings:candidate": Perm.RANKING_MANAGE,
    "rankings:panel_lists": (Perm.RANKING_MANAGE, Perm.RANKING_REVIEW),
    "rankings:panel_list_new": Perm.RANKING_MANAGE,
    "rankings:panel_list": (Perm.RANKING_MANAGE, Perm.RANKING_REVIEW),
    "rankings:panel_finalise": (Perm.RANKING_MANAGE, Perm.RANKING_REVIEW),
    "rankings:panel_rounds": Perm.RANKING_REVIEW,
    "rankings:panel_round": Perm.RANKING_REVIEW,
    "learning:staff_courses": Perm.LEARNING_MANAGE,
    "learning:staff_course_new": Perm.LEARNING_MANAGE,
    "learning:staff_provider_new": Perm.LEARNING_MANAGE,
    "learning:staff_course": Perm.LEARNING_MANAGE,
    "learning:staff_lesson_new": Perm.LEARNING_MANAGE,
    "learning:staff_lesson": Perm.LEARNING_MANAGE,
    "learning:staff_classes": Perm.LEARNING_MANAGE,
    "learning:staff_class": Perm.LEARNING_MANAGE,
    "learning:staff_meeting_scan": Perm.LEARNING_MANAGE,
    "learning:staff_report": Perm.LEARNING_MANAGE,
    "learning:staff_report_export": Perm.LEARNING_MANAGE,
    "insights:dashboard": Perm.INSIGHTS_VIEW,
    "insights:export": Perm.INSIGHTS_VIEW,
    "insights:planning": Perm.AUDIENCE_MANAGE,
    "volunteers:staff_pool": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_profile": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_opportunities": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_opportunity": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_shift": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_hours": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_hours_export": Perm.VOLUNTEER_MANAGE,
    "recommendations:staff_segments": Perm.AUDIENCE_MANAGE,
    "booklists:staff_list": Perm.BOOKLIST_MANAGE,
    "booklists:staff_new": Perm.BOOKLIST_MANAGE,
    "booklists:staff_edit": Perm.BOOKLIST_MANAGE,
}

# Staff actions (POST only) by URL name: the permission the service asks for.
# Anonymous callers are sent to the login page and readers refused, below; each
# service's own tests try its permission with the roles.
STAFF_ACTIONS = {
    "circulation:desk_checkout": Perm.CIRCULATION_DESK,
    "circulation:desk_checkin": Perm.CIRCULATION_DESK,
    "circulation:desk_renew": Perm.CIRCULATION_DESK,
    "circulation:desk_lost": Perm.CIRCULATION_DESK,
    "circulation:desk_damaged": Perm.CIRCULATION_DESK,
    "circulation:desk_block_add": Perm.CIRCULATION_DESK,
    "circulation:desk_block_clear": Perm.CIRCULATION_DESK,
    "circulation:desk_hold_cancel": Perm.CIRCULATION_DESK,
    "circulation:desk_fine_settle": Perm.CIRCULATION_DESK,
    "circulation:pull_trap": Perm.CIRCULATION_DESK,
    "circulation:pull_missing": Perm.CIRCULATION_DESK,
    "patrons:staff_reader_reset_code": Perm.READER_CHANGE,
    "patrons:staff_reader_erase": Perm.READER_CHANGE,
    "events:staff_proposal_approve": Perm.EVENT_APPROVE,
    "insights:suggestion_event": Perm.AUDIENCE_MANAGE,
    "events:staff_proposal_reject": Perm.EVENT_APPROVE,
    "events:staff_club_approve": Perm.EVENT_APPROVE,
    "events:staff_club_suspend": Perm.EVENT_APPROVE,
    "catalog:new_copy_shelve": Perm.CATALOG_CHANGE,
    "o2o:till_lend": Perm.O2O_TILL,
    "o2o:till_return": Perm.O2O_TILL,
    "o2o:rule_reset_store": Perm.O2O_MANAGE,
    "o2o:bookstore_enrol": Perm.O2O_MANAGE,
    "o2o:settlement_accept_library": Perm.O2O_MANAGE,
    "o2o:settlement_accept_store": Perm.O2O_TILL,
    "rankings:preview": Perm.RANKING_MANAGE,
    "rankings:save": Perm.RANKING_MANAGE,
    "rankings:panel_invite": (Perm.RANKING_MANAGE, Perm.RANKING_REVIEW),
    "rankings:panel_round_open": (Perm.RANKING_MANAGE, Perm.RANKING_REVIEW),
    "rankings:panel_round_close": (Perm.RANKING_MANAGE, Perm.RANKING_REVIEW),
    "rankings:panel_publish": (Perm.RANKING_MANAGE, Perm.RANKING_REVIEW),
    "rankings:panel_nominate": Perm.RANKING_REVIEW,
    "rankings:panel_score": Perm.RANKING_REVIEW,
    "rankings:panel_conflict": Perm.RANKING_REVIEW,
    "o2o:suggestion_accept": Perm.ACQUISITIONS,
    "o2o:suggestion_decline": Perm.ACQUISITIONS,
    "o2o:suggestion_receive": Perm.ACQUISITIONS,
    "o2o:store_listing_save": Perm.O2O_TILL,
    "o2o:store_order_ready": Perm.O2O_TILL,
    "o2o:store_order_collected": Perm.O2O_TILL,
    "o2o:store_order_cancel": Perm.O2O_TILL,
    "o2o:parcel_pick": Perm.O2O_DELIVERY,
    "o2o:line_missing": Perm.O2O_DELIVERY,
    "o2o:parcel_pack": Perm.O2O_DELIVERY,
    "o2o:parcel_dispatch": Perm.O2O_DELIVERY,
    "o2o:parcel_deliver": Perm.O2O_DELIVERY,
    "o2o:parcel_locker": Perm.O2O_DELIVERY,
    "o2o:parcel_fail": Perm.O2O_DELIVERY,
    "o2o:parcel_uncollected": Perm.O2O_DELIVERY,
    "o2o:parcel_return_receive": Perm.O2O_DELIVERY,
    "o2o:parcel_courier": Perm.O2O_DELIVERY,
    "o2o:locker_collect": Perm.O2O_DELIVERY,
    "o2o:delivery_fees_settle": Perm.CIRCULATION_DESK,
    "reference:question_assign": Perm.REFERENCE_ANSWER,
    "reference:question_note_add": Perm.REFERENCE_ANSWER,
    "reference:question_answer": Perm.REFERENCE_ANSWER,
    "reference:question_refer": Perm.REFERENCE_ANSWER,
    "reference:question_close": Perm.REFERENCE_ANSWER,
    "reference:question_reopen": Perm.REFERENCE_ANSWER,
    "reference:referral_answer": (Perm.REFERENCE_PARTNER, Perm.REFERENCE_ANSWER),
    "reference:question_faq_publish": Perm.REFERENCE_ANSWER,
    "knowledge:staff_article_unpublish": Perm.KNOWLEDGE_EDIT,
    "knowledge:staff_article_publish": Perm.KNOWLEDGE_EDIT,
    "thinktank:alerts_seen": Perm.THINKTANK_EDIT,
    "thinktank:topic_follow": Perm.THINKTANK_EDIT,
    "thinktank:feed_fetch": Perm.THINKTANK_EDIT,
    "thinktank:series_create": Perm.THINKTANK_REVIEW,
    "thinktank:bulletin_retitle": Perm.THINKTANK_EDIT,
    "thinktank:section_add": Perm.THINKTANK_EDIT,
    "thinktank:section_edit": Perm.THINKTANK_EDIT,
    "thinktank:section_remove": Perm.THINKTANK_EDIT,
    "thinktank:section_move": Perm.THINKTANK_EDIT,
    "thinktank:bulletin_submit": Perm.THINKTANK_EDIT,
    "thinktank:bulletin_send_back": Perm.THINKTANK_REVIEW,
    "thinktank:bulletin_approve": Perm.THINKTANK_REVIEW,
    "thinktank:bulletin_issue": Perm.THINKTANK_REVIEW,
    "thinktank:submission_log": Perm.THINKTANK_EDIT,
    "thinktank:feedback_record": Perm.THINKTANK_EDIT,
    "thinktank:desk_log_add": Perm.THINKTANK_EDIT,
    "thinktank:session_request_assign": Perm.THINKTANK_EDIT,
    "thinktank:session_request_answer": Perm.THINKTANK_EDIT,
    "thinktank:product_clipping": Perm.THINKTANK_EDIT,
    "thinktank:product_publish": Perm.THINKTANK_EDIT,
    "thinktank:consulting_file": Perm.ENTERPRISE_REQUEST,
    "thinktank:consulting_assign": Perm.THINKTANK_EDIT,
    "thinktank:consulting_deliver": Perm.THINKTANK_EDIT,
    "thinktank:consulting_accept": Perm.ENTERPRISE_REQUEST,
    "thinktank:consulting_more": Perm.ENTERPRISE_REQUEST,
    "learning:staff_lesson_delete": Perm.LEARNING_MANAGE,
    "learning:staff_quiz_save": Perm.LEARNING_MANAGE,
    "learning:staff_question_add": Perm.LEARNING_MANAGE,
    "learning:staff_question_delete": Perm.LEARNING_MANAGE,
    "learning:staff_reading_add": Perm.LEARNING_MANAGE,
    "learning:staff_reading_remove": Perm.LEARNING_MANAGE,
    "learning:staff_class_new": Perm.LEARNING_MANAGE,
    "learning:staff_cartridge_import": Perm.LEARNING_MANAGE,
    "learning:staff_meeting_new": Perm.LEARNING_MANAGE,
    "learning:staff_enrolment_cancel": Perm.LEARNING_MANAGE,
    "volunteers:staff_profile_approve": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_profile_reject": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_profile_training": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_profile_identity": Perm.VOLUNTEER_IDENTITY,
    "volunteers:staff_opportunity_new": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_shift_new": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_shift_cancel": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_shift_reschedule": Perm.VOLUNTEER_MANAGE,
    "volunteers:staff_hours_approve": Perm.VOLUNTEER_MANAGE,
    "recommendations:segment_label": Perm.AUDIENCE_MANAGE,
    "recommendations:segment_announce": Perm.AUDIENCE_MANAGE,
    "insights:suggestion_booklist": (Perm.AUDIENCE_MANAGE, Perm.BOOKLIST_MANAGE),
    "booklists:staff_update": Perm.BOOKLIST_MANAGE,
    "booklists:staff_book_add": Perm.BOOKLIST_MANAGE,
    "booklists:staff_book_remove": Perm.BOOKLIST_MANAGE,
    "booklists:staff_book_move": Perm.BOOKLIST_MANAGE,
    "booklists:staff_book_note": Perm.BOOKLIST_MANAGE,
    "booklists:staff_publish": Perm.BOOKLIST_MANAGE,
    "booklists:staff_withdraw": Perm.BOOKLIST_MANAGE,
    "booklists:staff_send": (Perm.BOOKLIST_MANAGE, Perm.AUDIENCE_MANAGE),
}

# API operations: the permission each needs, PUBLIC (no sign-in) or READER (the
# signed-in reader's own things).
API_OPERATIONS = {
    "GET /api/network/libraries": PUBLIC,
    "GET /api/network/libraries/{code}": PUBLIC,
    "GET /api/patrons/me": READER,
    "PATCH /api/patrons/me/privacy": READER,
    "GET /api/patrons/me/export": READER,
    "GET /api/patrons/me/ecard": READER,
    "GET /api/patrons/readers": Perm.READER_VIEW,
    "GET /api/patrons/readers/{reader_id}": Perm.READER_VIEW,
    "GET /api/catalog/search": PUBLIC,
    "GET /api/catalog/suggest": PUBLIC,
    "GET /api/catalog/records/{record_id}": PUBLIC,
    "GET /api/catalog/export": Perm.CATALOG_CHANGE,
    "GET /api/events/calendar": PUBLIC,
    "GET /api/events/events/{event_id}": PUBLIC,
    "POST /api/events/events": Perm.EVENT_MANAGE,
    "PUT /api/events/partner-events/{external_uid}": Perm.EVENT_MANAGE,
    "POST /api/events/events/{event_id}/submit": Perm.EVENT_MANAGE,
    "POST /api/events/events/{event_id}/approve": Perm.EVENT_APPROVE,
    "POST /api/events/events/{event_id}/publish": Perm.EVENT_APPROVE,
    "POST /api/events/events/{event_id}/cancel": Perm.EVENT_MANAGE,
    "POST /api/events/occurrences/{occurrence_id}/registrations": READER,
    "GET /api/events/me/registrations": READER,
    "POST /api/events/registrations/{registration_id}/cancel": READER,
    "POST /api/events/checkin": Perm.EVENT_CHECKIN,
    "GET /api/events/clubs": PUBLIC,
    "GET /api/spaces/resources": PUBLIC,
    "GET /api/spaces/resources/{slug}/slots": PUBLIC,
    "POST /api/spaces/resources/{slug}/bookings": READER,
    "GET /api/spaces/me/bookings": READER,
    "POST /api/spaces/bookings/{booking_id}/cancel": READER,
    "GET /api/exhibitions": PUBLIC,
    "GET /api/exhibitions/{slug}": PUBLIC,
    "POST /api/reference/ask": PUBLIC,
    "POST /api/reference/ask/{turn_id}/feedback": PUBLIC,
    "POST /api/reference/ask/{turn_id}/handover": PUBLIC,
    "GET /api/knowledge/articles": PUBLIC,
    "GET /api/knowledge/articles/{slug}": PUBLIC,
    "GET /api/knowledge/search": PUBLIC,
    "POST /api/circulation/checkout": Perm.CIRCULATION_DESK,
    "POST /api/circulation/checkin": Perm.CIRCULATION_DESK,
    "POST /api/circulation/loans/{loan_id}/renew": READER,
    "GET /api/circulation/readers/{card_number}": Perm.CIRCULATION_DESK,
    "GET /api/circulation/transits": Perm.CIRCULATION_DESK,
    "GET /api/circulation/me/loans": READER,
    "GET /api/circulation/me/holds": READER,
    "POST /api/circulation/me/holds": READER,
    "DELETE /api/circulation/me/holds/{hold_id}": READER,
    "POST /api/o2o/bookstore-loans": Perm.O2O_TILL,
    "GET /api/o2o/bookstore-loans": (Perm.O2O_TILL, Perm.O2O_MANAGE),
    "GET /api/o2o/bookstore-loans/{line_id}": (Perm.O2O_TILL, Perm.O2O_MANAGE),
    "POST /api/o2o/bookstore-returns": Perm.O2O_TILL,
    "GET /api/o2o/me/handon": READER,
    "POST /api/o2o/me/handon": READER,
    "POST /api/o2o/me/handon/accept": READER,
    "POST /api/o2o/me/handon/{offer_id}/withdraw": READER,
    "GET /api/o2o/me/suggestions": READER,
    "POST /api/o2o/me/suggestions": READER,
    "GET /api/o2o/bookstore-listings": READER,
    "GET /api/o2o/me/bookstore-orders": READER,
    "POST /api/o2o/me/bookstore-orders": READER,
    "POST /api/o2o/deliveries": READER,
    "GET /api/o2o/me/deliveries": READER,
    "GET /api/o2o/me/deliveries/{order_id}": READER,
    "POST /api/o2o/me/deliveries/{order_id}/cancel": READER,
    "GET /api/o2o/parcels": Perm.O2O_DELIVERY,
    "POST /api/o2o/parcels/{parcel_id}/pick": Perm.O2O_DELIVERY,
    "POST /api/o2o/parcels/{parcel_id}/pack": Perm.O2O_DELIVERY,
    "POST /api/o2o/parcels/{parcel_id}/dispatch": Perm.O2O_DELIVERY,
    "POST /api/o2o/parcels/{parcel_id}/deliver": Perm.O2O_DELIVERY,
    "POST /api/o2o/courier-statuses": Perm.O2O_DELIVERY,
    "POST /api/o2o/me/parcels/{parcel_id}/return": READER,
    "POST /api/o2o/parcel-lines/{line_id}/missing": Perm.O2O_DELIVERY,
    "POST /api/o2o/parcels/{parcel_id}/locker": Perm.O2O_DELIVERY,
    "POST /api/o2o/locker-collections": Perm.O2O_DELIVERY,
    "POST /api/o2o/parcels/{parcel_id}/fail": Perm.O2O_DELIVERY,
    "POST /api/rankings/feeds/{kind}": Perm.RANKING_FEED,
    "GET /api/rankings/lists": PUBLIC,
    "GET /api/rankings/lists/{slug}": PUBLIC,
    "GET /api/rankings/rounds/{round_id}": Perm.RANKING_REVIEW,
    "POST /api/rankings/rounds/{round_id}/scores": Perm.RANKING_REVIEW,
    "POST /api/rankings/rounds/{round_id}/conflicts": Perm.RANKING_REVIEW,
    "POST /api/o2o/parcels/{parcel_id}/uncollected": Perm.O2O_DELIVERY,
    "POST /api/o2o/parcels/{parcel_id}/return-received": Perm.O2O_DELIVERY,
    "POST /api/reference/questions": READER,
    "GET /api/reference/me/questions": READER,
    "GET /api/reference/questions/{question_id}": READER,
    "GET /api/reference/referrals": Perm.REFERENCE_PARTNER,
    "POST /api/reference/referrals/{referral_id}/answer": (
        Perm.REFERENCE_PARTNER,
        Perm.REFERENCE_ANSWER,
    ),
    "GET /api/learning/courses": PUBLIC,
    "GET /api/learning/courses/{course_id}": PUBLIC,
    "POST /api/learning/classes/{class_id}/enrolments": READER,
    "GET /api/learning/me/enrolments": READER,
    "POST /api/learning/enrolments/{enrolment_id}/cancel": READER,
    "GET /api/learning/certificates/{code}": PUBLIC,
    "GET /api/volunteers/shifts": PUBLIC,
    "POST /api/volunteers/shifts/{shift_id}/signups": READER,
    "GET /api/volunteers/me/signups": READER,
    "GET /api/volunteers/me/hours": READER,
    "POST /api/volunteers/signups/{signup_id}/cancel": READER,
    "GET /api/volunteers/certificates/{code}": PUBLIC,
    "GET /api/recommendations/me": READER,
    "GET /api/booklists/": PUBLIC,
    "GET /api/booklists/{list_id}": PUBLIC,
    # Last: it erases the world's reader for the roles allowed to.
    "POST /api/patrons/readers/{reader_id}/erase": Perm.READER_CHANGE,
}

# Operations that name no object of library HZ: a partner's organiser holding the
# permission is let in (and then finds nothing of HZ's).
WITHOUT_LIBRARY_OBJECT = {
    "POST /api/events/checkin",
    # The referrals of the caller's own partner: no library's objects.
    "GET /api/reference/referrals",
    "POST /api/reference/referrals/{referral_id}/answer",
    # A source uploads its own feed: no library's objects.
    "POST /api/rankings/feeds/{kind}",
}

ACTORS = ["anonymous", "reader", *[role.value for role in Role]]


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}"


def test_every_staff_page_and_api_operation_is_classified():
    from wenlan.api.api import api

    pages = {
        name for route, name in _walk(get_resolver().url_patterns) if route.startswith("staff/")
    }
    assert pages == set(STAFF_PAGES) | set(STAFF_ACTIONS)
    schema = api.get_openapi_schema(path_prefix="/api")
    operations = {f"{m.upper()} {path}" for path, ms in schema["paths"].items() for m in ms}
    assert operations == set(API_OPERATIONS)


def _allowed(actor: str, need, *, on_library_objects: bool = False) -> bool:
    """What ROLE_PERMISSIONS says. The API's objects belong to library HZ, where the
    library-scoped roles work; a partner-scoped role has no say over them."""
    if need == PUBLIC:
        return True
    if actor == "anonymous":
        return False
    if need == READER:
        return True  # the caller's own things: a caller with none is told 404
    if actor == "reader":
        return False
    if need == STAFF:
        return True
    role = Role(actor)
    if on_library_objects and role in PARTNER_SCOPED_ROLES:
        return False
    if isinstance(need, tuple):  # any one of them
        return any(perm in ROLE_PERMISSIONS[role] for perm in need)
    return need in ROLE_PERMISSIONS[role]


@pytest.fixture
def world():
    # The central library: learning's courses are managed there.
    hz = LibraryFactory(code="HZ", kind=LibraryKind.CENTRAL)
    reader = ReaderFactory(home_library=hz, card_number="R0001")
    record = record_create(title="红楼梦", author="曹雪芹")
    item = ItemFactory(record=record, library=hz, barcode="HZ0001")
    transit = Transit.objects.create(
        item=ItemFactory(record=record, library=hz, barcode="HZ0002"),
        from_library=hz,
        to_library=LibraryFactory(code="SC"),
        reason=TransitReason.HOME,
        sent_at=clock.now(),
    )
    event = EventFactory(venue=VenueFactory(library=hz))
    occurrence = OccurrenceFactory(event=event)
    resource = ResourceFactory()
    bookstore = Bookstore.objects.create(library=hz, owner_library=hz)
    zone = DeliveryZone.objects.create(name_zh="上城区")
    order = DeliveryOrder.objects.create(
        reader=reader, destination="home", zone=zone, address="解放路 1 号", placed_at=clock.now()
    )
    parcel = Parcel.objects.create(order=order, library=hz, status_at=clock.now())
    brief = RecordFactory(title="新书", is_brief=True)
    ArticleFactory(slug="west-lake")
    clipping, bulletin = ClippingFactory(), BulletinFactory()
    product = ThematicProduct.objects.create(slug="eco", title_zh="生态城市")
    run = RankingRun.objects.create(
        period="2026-01",
        engine="duckdb",
        computed_at=clock.now(),
        weights={"loans": 1.0},
        result={
            "all": [
                {
                    "rank": 1,
                    "work_id": 7,
                    "title": "活着",
                    "author": "余华",
                    "isbns": [],
                    "score": 1.0,
                    "loans": 30.0,
                    "raw_loans": 30,
                    "libraries": 3,
                    "provinces": 1,
                    "readers": 12,
                    "previous_loans": 0,
                    "sales_rank": None,
                    "terms": {
                        "loans": 1.0,
                        "breadth": 0.0,
                        "growth": 0.0,
                        "sales": 0.0,
                        "recency": 0.0,
                    },
                }
            ]
        },
    )
    lesson = LessonFactory()
    meeting = ClassMeetingFactory(course_class=CourseClassFactory(library=hz))
    shift = ShiftFactory(opportunity__library=hz)
    volunteer = ProfileFactory()
    users = {"reader": reader.user}
    for role in Role:
        users[role.value] = staff_with_role(
            role,
            library=hz if role in LIBRARY_SCOPED_ROLES else None,
            partner=PartnerFactory() if role in PARTNER_SCOPED_ROLES else None,
        )
    return {
        "users": users,
        "hz": hz,
        "reader": reader,
        "item": item,
        "transit": transit,
        "record": record,
        "event": event,
        "occurrence": occurrence,
        "resource": resource,
        "bookstore": bookstore,
        "brief": brief,
        "question": QuestionFactory(asker=reader),
        "parcel": parcel,
        "clipping": clipping,
        "bulletin": bulletin,
        "product": product,
        "ranking_run": run,
        "lesson": lesson,
        "meeting": meeting,
        "shift": shift,
        "volunteer": volunteer,
    }


def _login(client, world, actor: str) -> None:
    client.logout()
    if actor != "anonymous":
        client.force_login(world["users"][actor])


def _page_url(name: str, world) -> str:
    if name == "patrons:staff_reader_detail":
        return reverse(name, args=[world["reader"].pk])
    if name == "circulation:transit_slip":
        return reverse(name, args=[world["transit"].pk])
    if name == "o2o:parcel_detail":
        return reverse(name, args=[world["parcel"].pk])
    if name == "o2o:rule_edit_store":
        return reverse(name, args=[world["bookstore"].pk])
    if name in ("o2o:statement", "o2o:statement_export"):
        return reverse(name, args=[world["bookstore"].pk, "2026-10"])
    if name == "reference:question_detail":
        return reverse(name, args=[world["question"].pk])
    if name == "rankings:run":
        return reverse(name, args=[world["ranking_run"].pk])
    if name == "rankings:candidate":
        return reverse(name, args=["2026-01", 7])
    if name in (
        "rankings:panel_list",
        "rankings:panel_finalise",
        "rankings:panel_round",
        "booklists:staff_edit",
    ):
        return reverse(name, args=[999999])  # none such: a 404 once the right is checked
    if name in ("learning:staff_course", "learning:staff_lesson_new"):
        return reverse(name, args=[world["lesson"].course_id])
    if name == "learning:staff_lesson":
        return reverse(name, args=[world["lesson"].pk])
    if name == "learning:staff_class":
        return reverse(name, args=[world["meeting"].course_class_id])
    if name == "learning:staff_meeting_scan":
        return reverse(name, args=[world["meeting"].pk])
    if name == "volunteers:staff_profile":
        return reverse(name, args=[world["volunteer"].pk])
    if name == "volunteers:staff_opportunity":
        return reverse(name, args=[world["shift"].opportunity_id])
    if name == "volunteers:staff_shift":
        return reverse(name, args=[world["shift"].pk])
    if name == "catalog:brief_complete":
        return reverse(name, args=[world["brief"].pk])
    if name == "knowledge:staff_article_edit":
        return reverse(name, args=["west-lake"])
    if name == "thinktank:consulting_report":
        return reverse(name, args=[999999])
    if name == "thinktank:product_edit":
        return reverse(name, args=[world["product"].pk])
    if name == "thinktank:clipping_detail":
        return reverse(name, args=[world["clipping"].pk])
    if name == "thinktank:attachment_download":
        return reverse(name, args=[world["clipping"].pk, 999999])
    if name in ("thinktank:bulletin_detail", "thinktank:bulletin_pdf", "thinktank:bulletin_docx"):
        return reverse(name, args=[world["bulletin"].pk])
    if name == "circulation:desk_receipt":
        return reverse(name, args=["loans"]) + f"?library=HZ&card={world['reader'].card_number}"
    url = reverse(name)
    return f"{url}?library={world['hz'].pk}" if name == "circulation:desk" else url


def _action_url(name: str, world) -> str:
    args = {
        "desk_renew": 999999,
        "desk_block_add": world["reader"].pk,
        "desk_block_clear": 999999,
        "desk_hold_cancel": 999999,
        "desk_fine_settle": 999999,
        "pull_missing": world["item"].pk,
        "staff_reader_reset_code": world["reader"].pk,
        "staff_reader_erase": world["reader"].pk,
        "staff_proposal_approve": 999999,
        "staff_proposal_reject": 999999,
        "staff_club_approve": 999999,
        "staff_club_suspend": 999999,
        "new_copy_shelve": 999999,
        "rule_reset_store": 999999,
        "bookstore_enrol": 999999,
        "suggestion_accept": 999999,
        "suggestion_decline": 999999,
        "suggestion_receive": 999999,
        "store_order_ready": 999999,
        "store_order_collected": 999999,
        "store_order_cancel": 999999,
        "parcel_pick": 999999,
        "line_missing": 999999,
        "parcel_pack": 999999,
        "parcel_dispatch": 999999,
        "parcel_deliver": 999999,
        "parcel_locker": 999999,
        "parcel_fail": 999999,
        "parcel_uncollected": 999999,
        "parcel_return_receive": 999999,
        "parcel_courier": 999999,
        "locker_collect": 999999,
        "delivery_fees_settle": 999999,
        "question_assign": 999999,
        "question_note_add": 999999,
        "question_answer": 999999,
        "question_refer": 999999,
        "question_close": 999999,
        "question_reopen": 999999,
        "referral_answer": 999999,
        "question_faq_publish": 999999,
        "staff_article_unpublish": "west-lake",
        "staff_article_publish": "west-lake",
        "topic_follow": 999999,
        "bulletin_retitle": 999999,
        "section_add": 999999,
        "section_edit": 999999,
        "section_remove": 999999,
        "section_move": 999999,
        "bulletin_submit": 999999,
        "bulletin_send_back": 999999,
        "bulletin_approve": 999999,
        "bulletin_issue": 999999,
        "submission_log": 999999,
        "feedback_record": 999999,
        "session_request_assign": 999999,
        "session_request_answer": 999999,
        "product_clipping": 999999,
        "product_publish": 999999,
        "consulting_assign": 999999,
        "consulting_deliver": 999999,
        "consulting_accept": 999999,
        "consulting_more": 999999,
        "panel_invite": 999999,
        "panel_round_open": 999999,
        "panel_round_close": 999999,
        "panel_publish": 999999,
        "panel_nominate": 999999,
        "staff_profile_approve": 999999,
        "staff_profile_reject": 999999,
        "staff_profile_training": 999999,
        "staff_profile_identity": 999999,
        "staff_shift_new": 999999,
        "staff_shift_cancel": 999999,
        "staff_shift_reschedule": 999999,
        "staff_hours_approve": 999999,
        "segment_label": 999999,
        "segment_announce": 999999,
        "staff_update": 999999,
        "staff_book_add": 999999,
        "staff_publish": 999999,
        "staff_withdraw": 999999,
        "staff_send": 999999,
    }.get(name.split(":")[1])
    two_ids = {
        "learning:staff_reading_remove": [world["lesson"].course_id, 999999],
        "learning:staff_question_delete": [world["lesson"].pk, 999999],
        "learning:staff_enrolment_cancel": [world["meeting"].course_class_id, 999999],
        "rankings:panel_score": [999999, 999999],
        "rankings:panel_conflict": [999999, 999999],
        "booklists:staff_book_remove": [999999, 999999],
        "booklists:staff_book_move": [999999, 999999],
        "booklists:staff_book_note": [999999, 999999],
    }
    if name in two_ids:
        return reverse(name, args=two_ids[name])
    learning = {
        "learning:staff_lesson_delete": world["lesson"].pk,
        "learning:staff_quiz_save": world["lesson"].pk,
        "learning:staff_question_add": world["lesson"].pk,
        "learning:staff_reading_add": world["lesson"].course_id,
        "learning:staff_meeting_new": world["meeting"].course_class_id,
    }
    if name in learning:
        return reverse(name, args=[learning[name]])
    if name.startswith("o2o:settlement_accept"):
        return reverse(name, args=[world["bookstore"].pk, "2026-10"])
    url = reverse(name, args=[args] if args is not None else [])
    return f"{url}?library={world['hz'].pk}"


@pytest.mark.parametrize("actor", ["anonymous", "reader"])
def test_staff_actions_refuse_visitors_and_readers(client, world, actor):
    _login(client, world, actor)
    answers = {}
    for name in STAFF_ACTIONS:
        response = client.post(_action_url(name, world), {"card": "R0001", "barcode": "HZ0001"})
        location = response.get("Location", "")
        if response.status_code == 302 and "/login" in location:
            answers[name] = "login"
        elif response.status_code in (403, 404):
            answers[name] = "refused"
        else:
            answers[name] = f"{response.status_code} {location}"
    expected = "login" if actor == "anonymous" else "refused"
    assert answers == dict.fromkeys(STAFF_ACTIONS, expected)
    world["reader"].refresh_from_db()
    assert world["reader"].status == "active"
    assert not Loan.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_staff_pages_by_role(client, world, actor):
    _login(client, world, actor)
    answers = {}
    expected = {}
    for name, need in STAFF_PAGES.items():
        response = client.get(_page_url(name, world))
        status = response.status_code
        if status == 302:
            status = "login" if "/login" in response["Location"] else 302
        # A receipt with nothing to print yet is a 404 once the desk right is checked.
        empty_receipt = name == "circulation:desk_receipt" and status == 404
        # No such attachment: a 404 once the think-tank right is checked.
        empty_receipt = empty_receipt or (
            name
            in (
                "thinktank:attachment_download",
                "thinktank:consulting_report",
                "rankings:panel_list",
                "rankings:panel_finalise",
                "rankings:panel_round",
                "booklists:staff_edit",
            )
            and status == 404
        )
        answers[name] = "allowed" if status in (200, 302) or empty_receipt else status
        if actor == "anonymous":
            expected[name] = "login"
        else:
            expected[name] = "allowed" if _allowed(actor, need) else 403
    assert answers == expected


def _api_call(client, key: str, world):
    method, template = key.split(" ", 1)
    path = (
        template.replace("{code}", "HZ")
        .replace("{reader_id}", str(world["reader"].pk))
        .replace("{record_id}", str(world["record"].pk))
        .replace("{event_id}", str(world["event"].pk))
        .replace("{occurrence_id}", str(world["occurrence"].pk))
        .replace("{external_uid}", "uid-1")
        .replace("{slug}", world["resource"].slug)
        .replace("{card_number}", "R0001")
        .replace("{registration_id}", "999999")
        .replace("{booking_id}", "999999")
        .replace("{loan_id}", "999999")
        .replace("{hold_id}", "999999")
        .replace("{line_id}", "999999")
        .replace("{offer_id}", "999999")
        .replace("{order_id}", "999999")
        .replace("{parcel_id}", "999999")
        .replace("{question_id}", str(world["question"].pk))
        .replace("{referral_id}", "999999")
        .replace("{kind}", "loans")
        .replace("{course_id}", str(world["lesson"].course_id))
        .replace("{class_id}", str(world["meeting"].course_class_id))
        .replace("{enrolment_id}", "999999")
        .replace("{turn_id}", "999999")
        .replace("{round_id}", "999999")
        .replace("{shift_id}", str(world["shift"].pk))
        .replace("{signup_id}", "999999")
        .replace("{list_id}", "999999")
    )
    hz = world["hz"].pk
    start = (world["occurrence"].starts_at + dt.timedelta(days=1)).isoformat()
    bodies = {
        "PATCH /api/patrons/me/privacy": {"email_notices": True},
        "POST /api/events/events": {"organiser": "HZ", "title_zh": "讲座"},
        "PUT /api/events/partner-events/{external_uid}": {
            "organiser": "HZ",
            "title_zh": "讲座",
            "occurrences": [{"starts_at": start, "ends_at": start}],
        },
        "POST /api/events/events/{event_id}/cancel": {"reason": ""},
        "POST /api/events/checkin": {"code": "NOPE"},
        "POST /api/spaces/resources/{slug}/bookings": {"starts_at": start},
        "POST /api/circulation/checkout": {
            "library_id": hz,
            "card_number": "R0001",
            "barcode": "HZ0001",
        },
        "POST /api/circulation/checkin": {"library_id": hz, "barcode": "HZ0001"},
        "POST /api/circulation/loans/{loan_id}/renew": {},
        "POST /api/o2o/bookstore-loans": {
            "card": "R0001",
            "isbn": "9787544291170",
            "price": "45.00",
            "title": "三体",
            "author": "刘慈欣",
        },
        "POST /api/o2o/bookstore-returns": {"barcode": "HZ0001"},
        "POST /api/o2o/me/handon": {"loan_id": 999999},
        "POST /api/o2o/me/handon/accept": {"code": "NOSUCHCODE"},
        "POST /api/o2o/me/suggestions": {"isbn": "9787544291170", "title": "三体"},
        "POST /api/o2o/me/bookstore-orders": {"listing_id": 999999},
        "POST /api/o2o/deliveries": {"item_ids": [], "destination": "home"},
        "POST /api/o2o/parcels/{parcel_id}/pick": {"barcode": "HZ0001"},
        "POST /api/o2o/parcels/{parcel_id}/pack": {"courier": "顺丰", "tracking_number": "SF1"},
        "POST /api/o2o/courier-statuses": {"tracking_number": "SF404", "status": "delivered"},
        "POST /api/o2o/parcels/{parcel_id}/locker": {"compartment": 1},
        "POST /api/o2o/locker-collections": {"pickup_point_id": 999999, "code": "123456"},
        "POST /api/o2o/parcels/{parcel_id}/fail": {"reason": "无人"},
        "POST /api/reference/questions": {"text": "西湖有几个岛？", "language": "zh-hans"},
        "POST /api/reference/referrals/{referral_id}/answer": {"answer": "答复"},
        "POST /api/reference/ask": {"question": "西湖在哪里？"},
        "POST /api/reference/ask/{turn_id}/feedback": {"helpful": True},
        "POST /api/reference/ask/{turn_id}/handover": {"contact_email": "a@example.org"},
        "POST /api/rankings/rounds/{round_id}/scores": {"candidate_id": 1, "value": 8},
        "POST /api/rankings/rounds/{round_id}/conflicts": {"candidate_id": 1, "note": "编辑"},
        "POST /api/circulation/me/holds": {
            "record_id": world["record"].pk,
            "pickup_library_id": hz,
        },
    }
    query = {
        "GET /api/circulation/readers/{card_number}": {"library_id": hz},
        "GET /api/circulation/transits": {"library_id": hz},
        "GET /api/catalog/export": {"format": "csv"},
        "GET /api/o2o/parcels": {"library": "HZ"},
        "GET /api/knowledge/search": {"q": "西湖"},
    }
    if method == "GET":
        return client.get(path, query.get(key, {}))
    return client.generic(
        method,
        path,
        data=json.dumps(bodies.get(key, {})),
        content_type="application/json",
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_api_operations_by_role(client, world, actor):
    _login(client, world, actor)
    answers, expected = {}, {}
    for key, need in API_OPERATIONS.items():
        status = _api_call(client, key, world).status_code
        answers[key] = "refused" if status in (401, 403) else "allowed"
        if status >= 500:
            answers[key] = status
        allowed = _allowed(actor, need, on_library_objects=key not in WITHOUT_LIBRARY_OBJECT)
        expected[key] = "allowed" if allowed else "refused"
        if actor == "anonymous" and need != PUBLIC:
            answers[key] = status
            expected[key] = 401
    assert answers == expected
