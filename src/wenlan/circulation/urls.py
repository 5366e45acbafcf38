from django.urls import path

from wenlan.circulation.views import desk as desk_views
from wenlan.circulation.views import pulls as pull_views
from wenlan.circulation.views import reader_pages as reader_page_views
from wenlan.circulation.views import rules as rule_views

app_name = "circulation"
urlpatterns = [
    path("staff/circulation/", desk_views.desk, name="desk"),
    path("staff/circulation/checkout/", desk_views.desk_checkout, name="desk_checkout"),
    path("staff/circulation/checkin/", desk_views.desk_checkin, name="desk_checkin"),
    path("staff/circulation/loans/<id:loan_id>/renew/", desk_views.desk_renew, name="desk_renew"),
    path("staff/circulation/lost/", desk_views.desk_lost, name="desk_lost"),
    path("staff/circulation/damaged/", desk_views.desk_damaged, name="desk_damaged"),
    path(
        "staff/circulation/readers/<id:reader_id>/block/",
        desk_views.desk_block_add,
        name="desk_block_add",
    ),
    path(
        "staff/circulation/blocks/<id:block_id>/clear/",
        desk_views.desk_block_clear,
        name="desk_block_clear",
    ),
    path(
        "staff/circulation/holds/<id:hold_id>/cancel/",
        desk_views.desk_hold_cancel,
        name="desk_hold_cancel",
    ),
    path(
        "staff/circulation/fines/<id:fine_id>/settle/",
        desk_views.desk_fine_settle,
        name="desk_fine_settle",
    ),
    path("staff/circulation/transits/", desk_views.transit_list, name="transit_list"),
    path(
        "staff/circulation/receipt/<str:kind>/",
        desk_views.desk_receipt,
        name="desk_receipt",
    ),
    path("staff/circulation/pulls/", pull_views.pull_list, name="pull_list"),
    path("staff/circulation/pulls/trap/", pull_views.pull_trap, name="pull_trap"),
    path(
        "staff/circulation/pulls/<id:item_id>/missing/",
        pull_views.pull_missing,
        name="pull_missing",
    ),
    path(
        "staff/circulation/transits/<id:transit_id>/slip/",
        desk_views.transit_slip,
        name="transit_slip",
    ),
    path("staff/circulation/policies/", rule_views.policy_table, name="policy_table"),
    path("me/loans/", reader_page_views.my_loans, name="my_loans"),
    path("me/loans/<id:loan_id>/renew/", reader_page_views.my_loan_renew, name="my_loan_renew"),
    path("me/loans/renew-all/", reader_page_views.my_loans_renew_all, name="my_loans_renew_all"),
    path("me/holds/", reader_page_views.my_holds, name="my_holds"),
    path("me/holds/<id:hold_id>/cancel/", reader_page_views.my_hold_cancel, name="my_hold_cancel"),
    path("me/holds/place/<id:record_id>/", reader_page_views.my_hold_place, name="my_hold_place"),
    path("me/holds/<id:hold_id>/placed/", reader_page_views.my_hold_placed, name="my_hold_placed"),
    path("me/history/", reader_page_views.my_history, name="my_history"),
]
