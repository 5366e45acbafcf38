from django.urls import path

from wenlan.circulation import views

app_name = "circulation"
urlpatterns = [
    path("staff/circulation/", views.desk, name="desk"),
    path("staff/circulation/transits/", views.transit_list, name="transit_list"),
    path(
        "staff/circulation/transits/<int:transit_id>/slip/", views.transit_slip, name="transit_slip"
    ),
    path("staff/circulation/policies/", views.policy_table, name="policy_table"),
    path("me/loans/", views.my_loans, name="my_loans"),
    path("me/loans/<int:loan_id>/renew/", views.my_loan_renew, name="my_loan_renew"),
    path("me/holds/", views.my_holds, name="my_holds"),
    path("me/holds/<int:hold_id>/cancel/", views.my_hold_cancel, name="my_hold_cancel"),
    path("me/holds/place/<int:record_id>/", views.my_hold_place, name="my_hold_place"),
    path("me/history/", views.my_history, name="my_history"),
]
