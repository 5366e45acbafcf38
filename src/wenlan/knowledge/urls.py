from django.urls import path

from wenlan.knowledge.views import public, staff

app_name = "knowledge"
urlpatterns = [
    path("kb/", public.kb_home, name="home"),
    path("kb/faq/", public.kb_faq, name="faq"),
    path("kb/<slug:slug>/", public.kb_article, name="article"),
    path("staff/kb/", staff.staff_article_list, name="staff_article_list"),
    path("staff/kb/new/", staff.staff_article_new, name="staff_article_new"),
    path("staff/kb/<slug:slug>/edit/", staff.staff_article_edit, name="staff_article_edit"),
    path(
        "staff/kb/<slug:slug>/unpublish/",
        staff.staff_article_unpublish,
        name="staff_article_unpublish",
    ),
    path(
        "staff/kb/<slug:slug>/publish/", staff.staff_article_publish, name="staff_article_publish"
    ),
]
