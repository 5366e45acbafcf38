"""The librarians' review of the robot (`/staff/robot/`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from wenlan.robot.selectors.review import robot_review


@login_required
def staff_review(request: HttpRequest) -> HttpResponse:
    """Unhelpful answers and unanswered questions, newest first, with counts."""
    review = robot_review(actor=request.user)
    return render(
        request,
        "robot/staff_review.html",
        {"review": review, "kb_editor_url": reverse("knowledge:staff_article_list")},
    )
