"""The classes district libraries run of a course (市民社区大学): meetings in a room,
enrolment with a waitlist, and attendance at each meeting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wenlan.core.models import TimestampedModel
from wenlan.learning.enums import ACTIVE_ENROLMENT_STATUSES, CheckInMethod, EnrolmentStatus


class CourseClass(TimestampedModel):
    """A library's class of a course. `enrolled_count` and `waitlist_count` are kept
    under the class's row lock, so the capacity check never reads a stale count."""

    course = models.ForeignKey(
        "learning.Course", verbose_name=_("课程"), on_delete=models.PROTECT, related_name="classes"
    )
    library = models.ForeignKey(
        "network.Library", verbose_name=_("开班图书馆"), on_delete=models.PROTECT, related_name="+"
    )
    room = models.CharField(_("教室"), max_length=200)
    teacher_name = models.CharField(_("授课教师"), max_length=100)
    capacity = models.PositiveIntegerField(_("名额"))
    enrolled_count = models.PositiveIntegerField(_("已报名人数"), default=0)
    waitlist_count = models.PositiveIntegerField(_("候补人数"), default=0)
    is_open = models.BooleanField(_("接受报名"), default=True)

    class Meta:
        verbose_name = _("班级")
        verbose_name_plural = _("班级")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=models.F("capacity")), name="class_never_overfull"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.library}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.enrolled_count)


class ClassMeeting(models.Model):
    """One meeting of a class (shown as 课次). Readers check in with its code, shown
    in the room, or staff scan their card."""

    course_class = models.ForeignKey(CourseClass, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    checkin_code = models.CharField(_("签到码"), max_length=8, unique=True)

    class Meta:
        verbose_name = _("课次")
        verbose_name_plural = _("课次")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_class} {self.starts_at:%Y-%m-%d %H:%M}"


class Enrolment(models.Model):
    reader = models.ForeignKey(
        "patrons.Reader", verbose_name=_("读者"), on_delete=models.CASCADE, related_name="+"
    )
    course_class = models.ForeignKey(
        CourseClass, verbose_name=_("班级"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("状态"), max_length=16, choices=EnrolmentStatus.choices)
    created_at = models.DateTimeField(_("报名时间"))
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        # The primary key is the arrival order: the waitlist is served by it.
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "course_class"],
                condition=Q(status__in=[s.value for s in ACTIVE_ENROLMENT_STATUSES]),
                name="enrolment_one_active_per_reader_class",
            )
        ]
        indexes = [models.Index(fields=["course_class", "status"])]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.get_status_display()}"


class Attendance(models.Model):
    """A reader present at a meeting; once per meeting, however often the code is used."""

    reader = models.ForeignKey("patrons.Reader", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(ClassMeeting, on_delete=models.CASCADE, related_name="attendances")
    method = models.CharField(_("签到方式"), max_length=8, choices=CheckInMethod.choices)
    at = models.DateTimeField(_("签到时间"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "meeting"], name="attendance_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} @ {self.meeting_id}"
