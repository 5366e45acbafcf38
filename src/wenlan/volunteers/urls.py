from django.urls import path

from wenlan.volunteers.views import certificates, me, staff_pool, staff_shifts

app_name = "volunteers"
urlpatterns = [
    path(
        "volunteers/certificates/<str:code>/",
        certificates.certificate_verify_page,
        name="certificate_verify",
    ),
    path("me/volunteer/", me.me, name="me"),
    path("me/volunteer/apply/", me.apply, name="apply"),
    path("me/volunteer/shifts/", me.shifts, name="shifts"),
    path("me/volunteer/shifts/<id:shift_id>/signup/", me.signup_create, name="signup_create"),
    path("me/volunteer/signups/<id:signup_id>/cancel/", me.signup_cancel, name="signup_cancel"),
    path("me/volunteer/signups/<id:signup_id>/swap/", me.swap_offer, name="swap_offer"),
    path("me/volunteer/swaps/<id:offer_id>/accept/", me.swap_accept, name="swap_accept"),
    path("me/volunteer/swaps/<id:offer_id>/decline/", me.swap_decline, name="swap_decline"),
    path("me/volunteer/check-in/", me.check_in, name="check_in"),
    path("me/volunteer/check-out/", me.check_out, name="check_out"),
    path("me/volunteer/certificates/", me.certificate_issue, name="certificate_issue"),
    path(
        "me/volunteer/certificates/<str:code>.pdf",
        certificates.certificate_download,
        name="certificate_pdf",
    ),
    path("staff/volunteers/", staff_pool.pool, name="staff_pool"),
    path("staff/volunteers/<id:profile_id>/", staff_pool.profile_detail, name="staff_profile"),
    path(
        "staff/volunteers/<id:profile_id>/approve/",
        staff_pool.profile_approve,
        name="staff_profile_approve",
    ),
    path(
        "staff/volunteers/<id:profile_id>/reject/",
        staff_pool.profile_reject,
        name="staff_profile_reject",
    ),
    path(
        "staff/volunteers/<id:profile_id>/training/",
        staff_pool.profile_training,
        name="staff_profile_training",
    ),
    path(
        "staff/volunteers/<id:profile_id>/identity/",
        staff_pool.profile_identity,
        name="staff_profile_identity",
    ),
    path(
        "staff/volunteers/opportunities/",
        staff_shifts.opportunity_list,
        name="staff_opportunities",
    ),
    path(
        "staff/volunteers/opportunities/new/",
        staff_shifts.opportunity_new,
        name="staff_opportunity_new",
    ),
    path(
        "staff/volunteers/opportunities/<id:opportunity_id>/",
        staff_shifts.opportunity_detail,
        name="staff_opportunity",
    ),
    path(
        "staff/volunteers/opportunities/<id:opportunity_id>/shifts/new/",
        staff_shifts.shift_new,
        name="staff_shift_new",
    ),
    path("staff/volunteers/shifts/<id:shift_id>/", staff_shifts.shift_detail, name="staff_shift"),
    path(
        "staff/volunteers/shifts/<id:shift_id>/cancel/",
        staff_shifts.shift_cancel,
        name="staff_shift_cancel",
    ),
    path(
        "staff/volunteers/shifts/<id:shift_id>/reschedule/",
        staff_shifts.shift_reschedule,
        name="staff_shift_reschedule",
    ),
    path("staff/volunteers/hours/", staff_shifts.hours_queue, name="staff_hours"),
    path(
        "staff/volunteers/signups/<id:signup_id>/hours/",
        staff_shifts.hours_approve,
        name="staff_hours_approve",
    ),
    path("staff/volunteers/hours.xlsx", staff_shifts.hours_export, name="staff_hours_export"),
]
