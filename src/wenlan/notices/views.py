from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.core.errors import NotFoundError
from wenlan.notices import selectors, services
from wenlan.patrons.selectors import reader_for_user


def _own_reader(request: HttpRequest):
    reader = reader_for_user(user=request.user)
    if reader is None:
        raise NotFoundError(_("此账号没有关联的读者卡。"))
    return reader


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    reader = _own_reader(request)
    entries = selectors.notice_inbox(reader=reader)
    unread = sum(1 for entry in entries if entry.unread)
    return render(request, "notices/inbox.html", {"entries": entries, "unread": unread})


@login_required
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    services.notice_mark_read(actor=request.user, notice_id=notice_id)
    return redirect("notices:inbox")


@login_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    services.notices_mark_all_read(actor=request.user)
    return redirect("notices:inbox")
