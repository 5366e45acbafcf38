from wenlan.booklists.models import BookList, BookListItem


def booklist_lock(list_id: int) -> BookList | None:
    return BookList.objects.select_for_update().filter(pk=list_id).first()


def booklist_items_lock(list_id: int) -> list[BookListItem]:
    """The list's books in position order (the list's row is locked first)."""
    return list(
        BookListItem.objects.filter(book_list_id=list_id).order_by("pk").select_for_update()
    )
