from django.utils.translation import gettext_lazy as _

from wenlan.core.errors import NotFoundError, WenlanError


class BookListNotFoundError(NotFoundError):
    code = "booklist_not_found"
    status = 404
    default_message = _("找不到这份书单。")


class BookListEmptyError(WenlanError):
    code = "booklist_empty"
    status = 409
    default_message = _("书单里还没有书，不能发布。")


class BookListStatusError(WenlanError):
    code = "booklist_status"
    status = 409
    default_message = _("书单当前的状态不允许这样做。")


class BookListFullError(WenlanError):
    code = "booklist_full"
    status = 409
    default_message = _("一份书单最多收 100 本书。")


class BookNotInCatalogError(WenlanError):
    code = "booklist_book_not_in_catalog"
    status = 404
    default_message = _("馆藏目录中没有这本书。")


class BookAlreadyListedError(WenlanError):
    code = "booklist_book_listed"
    status = 409
    default_message = _("这本书已经在书单中。")


class BookListItemNotFoundError(WenlanError):
    code = "booklist_item_not_found"
    status = 404
    default_message = _("书单中没有这一项。")


class BookListNotPublishedError(WenlanError):
    code = "booklist_not_published"
    status = 409
    default_message = _("只能推送已发布的书单。")


class BookListAlreadySentError(WenlanError):
    code = "booklist_already_sent"
    status = 409
    default_message = _("这份书单已经推送给这个读者群。")
