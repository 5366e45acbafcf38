"""The reader's recommendations: the invitation to turn them on, the lists with
their reasons and a hold button, and turning them off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wenlan.patrons.selectors import reader_of
from wenlan.recommendations.selectors import book_suggestions, event_suggestions, last_training
from wenlan.recommendations.services.readers import recs_enabled_set


@login_required
def my_recommendations(request: HttpRequest) -> HttpResponse:
    reader = reader_of(request.user)
    if reader is None:
        raise Http404()
    enabled = reader.allow_recommendations
    return render(
        request,
        "recommendations/my_recommendations.html",
        {
            "reader": reader,
            "enabled": enabled,
            "books": book_suggestions(reader_id=reader.pk) if enabled else [],
            "events": event_suggestions(reader_id=reader.pk) if enabled else [],
            "trained": last_training() if enabled else None,
        },
    )


@login_required
@require_POST
def recs_turn_on(request: HttpRequest) -> HttpResponse:
    recs_enabled_set(actor=request.user, enabled=True)
    messages.success(request, _("个性化推荐已开启，今晚更新后就能看到为您挑选的图书和活动。"))
    return redirect("recommendations:my_recommendations")


@login_required
@require_POST
def recs_turn_off(request: HttpRequest) -> HttpResponse:
    recs_enabled_set(actor=request.user, enabled=False)
    messages.success(request, _("个性化推荐已关闭，为您保存的推荐已删除。"))
    return redirect("recommendations:my_recommendations")
