"""Staff pages for reading lists (Perm.BOOKLIST_MANAGE, library-scoped): the lists
of the actor's libraries, a new list, and one list's page with its books, the
catalog search to add from, publish or withdraw, and the send to a segment. One
view per POST action; each calls one service and comes back to the list's page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.booklists.enums import BookListStatus
from wenlan.booklists.forms import (
    BookAddForm,
    BookListForm,
    BookMoveForm,
    BookNoteForm,
    CatalogSearchForm,
    SendForm,
)
from wenlan.booklists.selectors import (
    booklist_announcements,
    booklist_get_for_staff,
    booklist_libraries,
    booklist_list_for_staff,
    booklist_page_for_staff,
    booklist_segments,
)
from wenlan.booklists.services import items, lists
from wenlan.booklists.services.announcements import booklist_segment_send
from wenlan.catalog.selectors.search import catalog_search, search_params
from wenlan.core.errors import NotAuthenticatedError, WenlanError
from wenlan.recommendations.selectors import segment_name

SEARCH_HITS = 10


def _staff(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()
    ensure_can(request.user, Perm.BOOKLIST_MANAGE)


def _back(list_id: int) -> HttpResponse:
    return redirect("booklists:staff_edit", list_id=list_id)


def _refused(error: WenlanError) -> bool:
    return error.status in (401, 403)


@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    return render(
        request,
        "booklists/staff/list.html",
        {"lists": list(booklist_list_for_staff(actor=request.user)[:200])},
    )


@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    _staff(request)
    libraries = booklist_libraries(actor=request.user)
    form = BookListForm(request.POST or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            book_list = lists.booklist_create(
                actor=request.user,
                library_id=data["library"],
                title_zh=data["title_zh"],
                title_en=data["title_en"],
                description_zh=data["description_zh"],
                description_en=data["description_en"],
            )
        except WenlanError as error:
            if _refused(error):
                raise
            form.add_error(getattr(error, "field", None), str(error))
        else:
            messages.success(request, _("书单已创建，现在可以加书。"))
            return _back(book_list.pk)
    return render(request, "booklists/staff/new.html", {"form": form})


def _search(request: HttpRequest) -> tuple[CatalogSearchForm, list]:
    form = CatalogSearchForm(request.GET or None)
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return form, []
    params = search_params(q=form.cleaned_data["q"], page_size=SEARCH_HITS, facets=False)
    return form, catalog_search(params=params).hits


def _note_form(item) -> BookNoteForm:
    return BookNoteForm(
        prefix=f"n{item.pk}", initial={"note_zh": item.note_zh, "note_en": item.note_en}
    )


@require_GET
def staff_edit(request: HttpRequest, list_id: int) -> HttpResponse:
    _staff(request)
    page = booklist_page_for_staff(actor=request.user, list_id=list_id)
    book_list = page.book_list
    search_form, hits = _search(request)
    listed = {row.item.record_id for row in page.books}
    segments = (
        booklist_segments(actor=request.user, book_list=book_list)
        if book_list.status == BookListStatus.PUBLISHED
        else []
    )
    return render(
        request,
        "booklists/staff/edit.html",
        {
            "book_list": book_list,
            "books": [(row, _note_form(row.item)) for row in page.books],
            "details_form": BookListForm(
                initial={
                    "title_zh": book_list.title_zh,
                    "title_en": book_list.title_en,
                    "description_zh": book_list.description_zh,
                    "description_en": book_list.description_en,
                }
            ),
            "add_form": BookAddForm(),
            "search_form": search_form,
            "hits": [(hit, hit.record.pk in listed) for hit in hits],
            "segments": segments,
            "announcements": [
                (a, segment_name(a.segment)) for a in booklist_announcements(book_list=book_list)
            ],
        },
    )


@require_POST
def staff_update(request: HttpRequest, list_id: int) -> HttpResponse:
    _staff(request)
    form = BookListForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写中文标题（最多 120 个字）。"))
        return _back(list_id)
    try:
        lists.booklist_update(actor=request.user, list_id=list_id, **form.cleaned_data)
    except WenlanError as error:
        if _refused(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, _("书单已保存。"))
    return _back(list_id)


@require_POST
def staff_book_add(request: HttpRequest, list_id: int) -> HttpResponse:
    _staff(request)
    form = BookAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写 ISBN，或从检索结果中选择一本书。"))
        return _back(list_id)
    try:
        items.booklist_item_add(
            actor=request.user,
            list_id=list_id,
            record_id=form.cleaned_data["record"],
            isbn=form.cleaned_data["isbn"],
            note_zh=form.cleaned_data["note_zh"],
            note_en=form.cleaned_data["note_en"],
        )
    except WenlanError as error:
        if _refused(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, _("已加入书单。"))
    return _back(list_id)


@require_POST
def staff_book_remove(request: HttpRequest, list_id: int, item_id: int) -> HttpResponse:
    _staff(request)
    try:
        items.booklist_item_remove(actor=request.user, list_id=list_id, item_id=item_id)
    except WenlanError as error:
        if _refused(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, _("已从书单中移除。"))
    return _back(list_id)


@require_POST
def staff_book_move(request: HttpRequest, list_id: int, item_id: int) -> HttpResponse:
    _staff(request)
    form = BookMoveForm(request.POST)
    if form.is_valid():
        try:
            items.booklist_item_move(
                actor=request.user,
                list_id=list_id,
                item_id=item_id,
                direction=form.cleaned_data["direction"],
            )
        except WenlanError as error:
            if _refused(error):
                raise
            messages.error(request, str(error))
    return _back(list_id)


@require_POST
def staff_book_note(request: HttpRequest, list_id: int, item_id: int) -> HttpResponse:
    _staff(request)
    form = BookNoteForm(request.POST, prefix=f"n{item_id}")
    if not form.is_valid():
        messages.error(request, _("推荐语最多 500 个字。"))
        return _back(list_id)
    try:
        items.booklist_item_note(
            actor=request.user, list_id=list_id, item_id=item_id, **form.cleaned_data
        )
    except WenlanError as error:
        if _refused(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, _("推荐语已保存。"))
    return _back(list_id)


@require_POST
def staff_publish(request: HttpRequest, list_id: int) -> HttpResponse:
    _staff(request)
    try:
        lists.booklist_publish(actor=request.user, list_id=list_id)
    except WenlanError as error:
        if _refused(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, _("书单已发布。"))
    return _back(list_id)


@require_POST
def staff_withdraw(request: HttpRequest, list_id: int) -> HttpResponse:
    _staff(request)
    try:
        lists.booklist_withdraw(actor=request.user, list_id=list_id)
    except WenlanError as error:
        if _refused(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(request, _("书单已撤下，读者不再能看到它。"))
    return _back(list_id)


@require_POST
def staff_send(request: HttpRequest, list_id: int) -> HttpResponse:
    _staff(request)
    booklist_get_for_staff(actor=request.user, list_id=list_id)  # refused before the form
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择一个读者群。"))
        return _back(list_id)
    try:
        announcement = booklist_segment_send(
            actor=request.user, list_id=list_id, segment_id=form.cleaned_data["segment"]
        )
    except WenlanError as error:
        if _refused(error):
            raise
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("已向 %(n)s 位读者发送书单通知。") % {"n": announcement.recipients}
        )
    return _back(list_id)
