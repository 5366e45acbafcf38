from django.urls import path

from wenlan.learning.views import certificates, courses, me, media, staff_classes, staff_courses

app_name = "learning"
urlpatterns = [
    path("learning/", courses.course_list, name="courses"),
    path("learning/courses/<id:course_id>/", courses.course_detail, name="course"),
    path("learning/lessons/<id:lesson_id>/", courses.lesson_detail, name="lesson"),
    path("learning/lessons/<id:lesson_id>/done/", courses.lesson_done, name="lesson_done"),
    path("learning/lessons/<id:lesson_id>/quiz/", courses.quiz_submit, name="quiz_submit"),
    path("learning/lessons/<id:lesson_id>/video", media.lesson_video, name="lesson_video"),
    path(
        "learning/lessons/<id:lesson_id>/captions/<str:language>.vtt",
        media.lesson_captions,
        name="lesson_captions",
    ),
    path("learning/lessons/<id:lesson_id>/file", media.lesson_file, name="lesson_file"),
    path("learning/classes/<id:class_id>/enrol/", me.class_enrol, name="class_enrol"),
    path(
        "learning/certificates/<str:code>/",
        certificates.certificate_verify_page,
        name="certificate_verify",
    ),
    path("me/learning/", me.my_learning, name="my_learning"),
    path(
        "me/learning/enrolments/<id:enrolment_id>/cancel/",
        me.enrolment_cancel,
        name="enrolment_cancel",
    ),
    path(
        "me/learning/certificates/<str:code>.pdf",
        certificates.certificate_download,
        name="certificate_pdf",
    ),
    path("staff/learning/courses/", staff_courses.course_list, name="staff_courses"),
    path("staff/learning/courses/new/", staff_courses.course_new, name="staff_course_new"),
    path(
        "staff/learning/courses/import/",
        staff_courses.cartridge_upload,
        name="staff_cartridge_import",
    ),
    path("staff/learning/providers/new/", staff_courses.provider_new, name="staff_provider_new"),
    path("staff/learning/courses/<id:course_id>/", staff_courses.course_edit, name="staff_course"),
    path(
        "staff/learning/courses/<id:course_id>/lessons/new/",
        staff_courses.lesson_new,
        name="staff_lesson_new",
    ),
    path(
        "staff/learning/courses/<id:course_id>/reading/",
        staff_courses.reading_add,
        name="staff_reading_add",
    ),
    path(
        "staff/learning/courses/<id:course_id>/reading/<id:item_id>/remove/",
        staff_courses.reading_remove,
        name="staff_reading_remove",
    ),
    path("staff/learning/lessons/<id:lesson_id>/", staff_courses.lesson_edit, name="staff_lesson"),
    path(
        "staff/learning/lessons/<id:lesson_id>/delete/",
        staff_courses.lesson_delete,
        name="staff_lesson_delete",
    ),
    path(
        "staff/learning/lessons/<id:lesson_id>/quiz/",
        staff_courses.quiz_save,
        name="staff_quiz_save",
    ),
    path(
        "staff/learning/lessons/<id:lesson_id>/questions/",
        staff_courses.question_add,
        name="staff_question_add",
    ),
    path(
        "staff/learning/lessons/<id:lesson_id>/questions/<id:question_id>/delete/",
        staff_courses.question_delete,
        name="staff_question_delete",
    ),
    path("staff/learning/classes/", staff_classes.class_list, name="staff_classes"),
    path("staff/learning/classes/new/", staff_classes.class_new, name="staff_class_new"),
    path("staff/learning/classes/<id:class_id>/", staff_classes.class_detail, name="staff_class"),
    path(
        "staff/learning/classes/<id:class_id>/meetings/",
        staff_classes.meeting_new,
        name="staff_meeting_new",
    ),
    path(
        "staff/learning/classes/<id:class_id>/enrolments/<id:enrolment_id>/cancel/",
        staff_classes.enrolment_cancel,
        name="staff_enrolment_cancel",
    ),
    path(
        "staff/learning/meetings/<id:meeting_id>/scan/",
        staff_classes.meeting_scan,
        name="staff_meeting_scan",
    ),
    path("staff/learning/report/", staff_classes.report, name="staff_report"),
    path("staff/learning/report.xlsx", staff_classes.report_export, name="staff_report_export"),
]
