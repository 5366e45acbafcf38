from django.urls import path

from wenlan.booklists.views import public, staff

app_name = "booklists"
urlpatterns = [
    path("reading-lists/", public.public_list, name="public_list"),
    path("reading-lists/<id:list_id>/", public.public_detail, name="public_detail"),
    path("staff/booklists/", staff.staff_list, name="staff_list"),
    path("staff/booklists/new/", staff.staff_new, name="staff_new"),
    path("staff/booklists/<id:list_id>/", staff.staff_edit, name="staff_edit"),
    path("staff/booklists/<id:list_id>/details/", staff.staff_update, name="staff_update"),
    path("staff/booklists/<id:list_id>/books/", staff.staff_book_add, name="staff_book_add"),
    path(
        "staff/booklists/<id:list_id>/books/<id:item_id>/remove/",
        staff.staff_book_remove,
        name="staff_book_remove",
    ),
    path(
        "staff/booklists/<id:list_id>/books/<id:item_id>/move/",
        staff.staff_book_move,
        name="staff_book_move",
    ),
    path(
        "staff/booklists/<id:list_id>/books/<id:item_id>/note/",
        staff.staff_book_note,
        name="staff_book_note",
    ),
    path("staff/booklists/<id:list_id>/publish/", staff.staff_publish, name="staff_publish"),
    path("staff/booklists/<id:list_id>/withdraw/", staff.staff_withdraw, name="staff_withdraw"),
    path("staff/booklists/<id:list_id>/send/", staff.staff_send, name="staff_send"),
]
