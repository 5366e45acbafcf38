from django.urls import path

from wenlan.circulation import views

app_name = "circulation"
urlpatterns = [
    path("staff/circulation/", views.desk, name="desk"),
    path("staff/circulation/checkout/", views.desk_checkout, name="desk_checkout"),
    path("staff/circulation/checkin/", views.desk_checkin, name="desk_checkin"),
    path("staff/circulation/loans/<int:loan_id>/renew/", views.desk_renew, name="desk_renew"),
    path("staff/circulation/lost/", views.desk_lost, name="desk_lost"),
    path("staff/circulation/damaged/", views.desk_damaged, name="desk_damaged"),
    path(
        "staff/circulation/readers/<int:reader_id>/block/",
        views.desk_block_add,
        name="desk_block_add",
    ),
    path(
        "staff/circulation/blocks/<int:block_id>/clear/",
        views.desk_block_clear,
        name="desk_block_clear",
    ),
    path(
        "staff/circulation/holds/<int:hold_id>/cancel/",
        views.desk_hold_cancel,
        name="desk_hold_cancel",
    ),
    path(
        "staff/circulation/fines/<int:fine_id>/settle/",
        views.desk_fine_settle,
        name="desk_fine_settle",
    ),
    path("staff/circulation/transits/", views.transit_list, name="transit_list"),
    path(
        "staff/circulation/receipt/<str:kind>/",
        views.desk_receipt,
        name="desk_receipt",
    ),
    path("staff/circulation/pulls/", views.pull_list, name="pull_list"),
    path("staff/circulation/pulls/trap/", views.pull_trap, name="pull_trap"),
    path("staff/circulation/pulls/<int:item_id>/missing/", views.pull_missing, name="pull_missing"),
    path(
        "staff/circulation/transits/<int:transit_id>/slip/", views.transit_slip, name="transit_slip"
    ),
    path("staff/circulation/policies/", views.policy_table, name="policy_table"),
    path("me/loans/", views.my_loans, name="my_loans"),
    path("me/loans/<int:loan_id>/renew/", views.my_loan_renew, name="my_loan_renew"),
    path("me/loans/renew-all/", views.my_loans_renew_all, name="my_loans_renew_all"),
    path("me/holds/", views.my_holds, name="my_holds"),
    path("me/holds/<int:hold_id>/cancel/", views.my_hold_cancel, name="my_hold_cancel"),
    path("me/holds/place/<int:record_id>/", views.my_hold_place, name="my_hold_place"),
    path("me/holds/<int:hold_id>/placed/", views.my_hold_placed, name="my_hold_placed"),
    path("me/history/", views.my_history, name="my_history"),
]
