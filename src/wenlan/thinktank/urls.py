from django.urls import path

from wenlan.thinktank.views import bulletins, clippings, consulting, products, sessions

app_name = "thinktank"
P = "staff/thinktank/"
urlpatterns = [
    path(P, clippings.desk, name="desk"),
    path(f"{P}alerts/seen/", clippings.alerts_seen, name="alerts_seen"),
    path(f"{P}clippings/", clippings.clipping_list, name="clipping_list"),
    path(f"{P}clippings/new/", clippings.clipping_new, name="clipping_new"),
    path(f"{P}clippings/<id:clipping_id>/", clippings.clipping_detail, name="clipping_detail"),
    path(
        f"{P}clippings/<id:clipping_id>/files/<id:attachment_id>/",
        clippings.attachment_download,
        name="attachment_download",
    ),
    path(f"{P}topics/", clippings.topic_list, name="topic_list"),
    path(f"{P}topics/<id:topic_id>/follow/", clippings.topic_follow, name="topic_follow"),
    path(f"{P}feeds/", clippings.feed_list, name="feed_list"),
    path(f"{P}feeds/fetch/", clippings.feed_fetch, name="feed_fetch"),
    path(f"{P}bulletins/", bulletins.bulletin_list, name="bulletin_list"),
    path(f"{P}series/new/", bulletins.series_create, name="series_create"),
    path(f"{P}bulletins/<id:bulletin_id>/", bulletins.bulletin_detail, name="bulletin_detail"),
    path(
        f"{P}bulletins/<id:bulletin_id>/title/",
        bulletins.bulletin_retitle,
        name="bulletin_retitle",
    ),
    path(f"{P}bulletins/<id:bulletin_id>/sections/", bulletins.section_add, name="section_add"),
    path(f"{P}sections/<id:section_id>/edit/", bulletins.section_edit, name="section_edit"),
    path(f"{P}sections/<id:section_id>/remove/", bulletins.section_remove, name="section_remove"),
    path(f"{P}sections/<id:section_id>/move/", bulletins.section_move, name="section_move"),
    path(
        f"{P}bulletins/<id:bulletin_id>/submit/", bulletins.bulletin_submit, name="bulletin_submit"
    ),
    path(
        f"{P}bulletins/<id:bulletin_id>/send-back/",
        bulletins.bulletin_send_back,
        name="bulletin_send_back",
    ),
    path(
        f"{P}bulletins/<id:bulletin_id>/approve/",
        bulletins.bulletin_approve,
        name="bulletin_approve",
    ),
    path(f"{P}bulletins/<id:bulletin_id>/issue/", bulletins.bulletin_issue, name="bulletin_issue"),
    path(f"{P}bulletins/<id:bulletin_id>/pdf/", bulletins.bulletin_pdf, name="bulletin_pdf"),
    path(f"{P}bulletins/<id:bulletin_id>/docx/", bulletins.bulletin_docx, name="bulletin_docx"),
    path(
        f"{P}bulletins/<id:bulletin_id>/submissions/",
        bulletins.submission_log,
        name="submission_log",
    ),
    path(
        f"{P}submissions/<id:submission_id>/feedback/",
        bulletins.feedback_record,
        name="feedback_record",
    ),
    path(f"{P}impact/", bulletins.impact, name="impact"),
    path(f"{P}impact.xlsx", bulletins.impact_export, name="impact_export"),
    path("thematic/", products.public_list, name="public_list"),
    path("thematic/<slug:slug>/", products.public_detail, name="public_detail"),
    path(f"{P}products/", products.product_list, name="product_list"),
    path(f"{P}products/<id:product_id>/", products.product_edit, name="product_edit"),
    path(
        f"{P}products/<id:product_id>/clippings/",
        products.product_clipping,
        name="product_clipping",
    ),
    path(f"{P}products/<id:product_id>/publish/", products.product_publish, name="product_publish"),
    path(f"{P}sessions/", sessions.session_desk, name="session_desk"),
    path(f"{P}sessions/log/", sessions.desk_log_add, name="desk_log_add"),
    path(
        f"{P}sessions/<id:request_id>/assign/",
        sessions.session_request_assign,
        name="session_request_assign",
    ),
    path(
        f"{P}sessions/<id:request_id>/answer/",
        sessions.session_request_answer,
        name="session_request_answer",
    ),
    path(f"{P}consulting/", consulting.consulting_page, name="consulting"),
    path(f"{P}consulting/new/", consulting.consulting_file, name="consulting_file"),
    path(
        f"{P}consulting/<id:request_id>/assign/",
        consulting.consulting_assign,
        name="consulting_assign",
    ),
    path(
        f"{P}consulting/<id:request_id>/deliver/",
        consulting.consulting_deliver,
        name="consulting_deliver",
    ),
    path(
        f"{P}consulting/<id:request_id>/accept/",
        consulting.consulting_accept,
        name="consulting_accept",
    ),
    path(
        f"{P}consulting/<id:request_id>/more/", consulting.consulting_more, name="consulting_more"
    ),
    path(
        f"{P}consulting/<id:request_id>/report/",
        consulting.consulting_report,
        name="consulting_report",
    ),
]
