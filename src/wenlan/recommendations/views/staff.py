"""Segments for staff with AUDIENCE_MANAGE: what each is and why, counts (never
members), a label, and an event announced to it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wenlan.accounts.enums import Perm
from wenlan.accounts.permissions import ensure_can
from wenlan.core.errors import NotAuthenticatedError, WenlanError
from wenlan.recommendations.forms import AnnounceForm, SegmentLabelForm
from wenlan.recommendations.policies import MIN_READERS
from wenlan.recommendations.selectors import (
    announcement_list,
    events_to_announce,
    last_training,
    segment_list,
)
from wenlan.recommendations.services.segments import segment_event_announce, segment_label


def _staff(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticatedError()
    ensure_can(request.user, Perm.AUDIENCE_MANAGE)


@require_GET
def segments(request: HttpRequest) -> HttpResponse:
    _staff(request)
    events = events_to_announce(actor=request.user)
    rows = [
        (
            row,
            SegmentLabelForm(
                initial={"label_zh": row.segment.label_zh, "label_en": row.segment.label_en},
                prefix=f"s{row.segment.pk}",
            ),
            AnnounceForm(events=events, prefix=f"a{row.segment.pk}"),
        )
        for row in segment_list(actor=request.user)
    ]
    return render(
        request,
        "recommendations/staff_segments.html",
        {
            "rows": rows,
            "trained": last_training(),
            "announcements": announcement_list(),
            "min_readers": MIN_READERS,
            "has_events": bool(events),
        },
    )


@require_POST
def segment_label_save(request: HttpRequest, segment_id: int) -> HttpResponse:
    _staff(request)
    form = SegmentLabelForm(request.POST, prefix=f"s{segment_id}")
    if form.is_valid():
        try:
            segment_label(actor=request.user, segment_id=segment_id, **form.cleaned_data)
        except WenlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("读者群名称已保存。"))
    else:
        messages.error(request, _("名称最多 40 个字。"))
    return redirect("recommendations:staff_segments")


@require_POST
def segment_announce(request: HttpRequest, segment_id: int) -> HttpResponse:
    _staff(request)
    form = AnnounceForm(
        request.POST, events=events_to_announce(actor=request.user), prefix=f"a{segment_id}"
    )
    if not form.is_valid():
        messages.error(request, _("请选择一个活动。"))
        return redirect("recommendations:staff_segments")
    try:
        announcement = segment_event_announce(
            actor=request.user, segment_id=segment_id, event_id=int(form.cleaned_data["event"])
        )
    except WenlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("已向 %(n)s 位读者发送活动通知。") % {"n": announcement.recipients},
        )
    return redirect("recommendations:staff_segments")
