from django.urls import path

from wenlan.reference.views import reader, staff

app_name = "reference"
urlpatterns = [
    path("ask/", reader.ask, name="ask"),
    path("ask/q/<str:token>/", reader.question_private, name="question_private"),
    path(
        "ask/q/<str:token>/reopen/", reader.question_private_reopen, name="question_private_reopen"
    ),
    path("me/questions/", reader.my_questions, name="my_questions"),
    path("me/questions/<id:question_id>/", reader.my_question, name="my_question"),
    path(
        "me/questions/<id:question_id>/reopen/",
        reader.my_question_reopen,
        name="my_question_reopen",
    ),
    path("staff/reference/", staff.queue, name="queue"),
    path(
        "staff/reference/questions/<id:question_id>/", staff.question_detail, name="question_detail"
    ),
    path(
        "staff/reference/questions/<id:question_id>/assign/",
        staff.question_assign,
        name="question_assign",
    ),
    path(
        "staff/reference/questions/<id:question_id>/notes/",
        staff.question_note_add,
        name="question_note_add",
    ),
    path(
        "staff/reference/questions/<id:question_id>/answer/",
        staff.question_answer,
        name="question_answer",
    ),
    path(
        "staff/reference/questions/<id:question_id>/refer/",
        staff.question_refer,
        name="question_refer",
    ),
    path(
        "staff/reference/questions/<id:question_id>/close/",
        staff.question_close,
        name="question_close",
    ),
    path(
        "staff/reference/questions/<id:question_id>/reopen/",
        staff.question_reopen,
        name="question_reopen",
    ),
    path(
        "staff/reference/questions/<id:question_id>/faq/",
        staff.question_faq_publish,
        name="question_faq_publish",
    ),
    path("staff/reference/referrals/", staff.partner_referrals, name="partner_referrals"),
    path(
        "staff/reference/referrals/<id:referral_id>/answer/",
        staff.referral_answer,
        name="referral_answer",
    ),
]
