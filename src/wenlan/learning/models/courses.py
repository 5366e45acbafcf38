"""Courses, their lessons, reading lists and quizzes, and what a reader has done of
them (lessons done, quiz attempts, certificates)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wenlan.core import clock
from wenlan.core.i18n import translated
from wenlan.core.models import TimestampedModel
from wenlan.learning.enums import CourseFormat, CourseStatus, LessonKind, ProviderKind
from wenlan.learning.html import html_clean


@deconstructible
class LearningUploadPath:
    """`learning/<folder>/<year>/<month>/<random><suffix>`: the suffix is the one the
    service decided from the file's content (a video's container) or its checked
    name; the rest of the uploaded name is never used."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = ""
        if "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1].lower()
        if not suffix[1:].isalnum() or len(suffix) > 6:
            suffix = ".bin"
        return f"learning/{self.folder}/{clock.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, LearningUploadPath) and other.folder == self.folder


class Provider(TimestampedModel):
    """Who teaches a course: the library itself, a partner university, the citizens'
    community university. A partner of the network is linked where it is one."""

    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=24, choices=ProviderKind.choices)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name=_("合作机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("课程提供方")
        verbose_name_plural = _("课程提供方")
        ordering = ["name_zh", "pk"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        return translated(self, "name")


class Course(TimestampedModel):
    provider = models.ForeignKey(
        Provider, verbose_name=_("提供方"), on_delete=models.PROTECT, related_name="courses"
    )
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    summary_zh = models.TextField(_("中文简介"), blank=True)
    summary_en = models.TextField(_("英文简介"), blank=True)
    format = models.CharField(_("形式"), max_length=16, choices=CourseFormat.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.DRAFT
    )
    attendance_percent = models.PositiveSmallIntegerField(
        _("结业出勤率（%）"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("到馆班级的学员结业所需的最低出勤率。"),
    )

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_percent__lte=100), name="course_attendance_percent_max"
            )
        ]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def summary(self) -> str:
        return translated(self, "summary")


class Lesson(TimestampedModel):
    """One step of a course, in `position` order: a video (with WebVTT captions in
    either language), a text, a file to download, or a link."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveIntegerField(_("顺序"))
    kind = models.CharField(_("类型"), max_length=8, choices=LessonKind.choices)
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    # Sanitised HTML (nh3) for text lessons; plain text notes for the others.
    body_zh = models.TextField(_("中文内容"), blank=True)
    body_en = models.TextField(_("英文内容"), blank=True)
    video = models.FileField(
        _("视频"), upload_to=LearningUploadPath("videos"), blank=True, max_length=200
    )
    video_type = models.CharField(max_length=32, blank=True, editable=False)
    captions_zh = models.FileField(
        _("中文字幕 (WebVTT)"), upload_to=LearningUploadPath("captions"), blank=True
    )
    captions_en = models.FileField(
        _("英文字幕 (WebVTT)"), upload_to=LearningUploadPath("captions"), blank=True
    )
    file = models.FileField(
        _("文件"), upload_to=LearningUploadPath("files"), blank=True, max_length=200
    )
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    url = models.URLField(_("链接"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("课时")
        verbose_name_plural = _("课时")
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "position"], name="lesson_position_unique_in_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title_zh}"

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def body(self) -> str:
        return translated(self, "body")

    @property
    def body_html(self) -> str:
        """The body cleaned again as it is shown: stored text is cleaned when it is
        saved, and a row written some other way is no exception."""
        return mark_safe(html_clean(self.body))  # noqa: S308 - nh3 has just cleaned it


class ReadingItem(models.Model):
    """A catalog record on a course's reading list."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reading_list")
    record = models.ForeignKey(
        "catalog.Record", verbose_name=_("书目"), on_delete=models.CASCADE, related_name="+"
    )
    note_zh = models.CharField(_("中文说明"), max_length=300, blank=True)
    note_en = models.CharField(_("英文说明"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("推荐书目")
        verbose_name_plural = _("推荐书目")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "record"], name="reading_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.record_id}"

    @property
    def note(self) -> str:
        return translated(self, "note")


class Quiz(models.Model):
    """A lesson's short quiz: the reader passes with `pass_percent` of the questions
    right, and may try `max_attempts` times (0: without limit)."""

    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    pass_percent = models.PositiveSmallIntegerField(
        _("及格线（%）"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("最多尝试次数"), default=3, help_text=_("0 表示不限次数。")
    )

    class Meta:
        verbose_name = _("测验")
        verbose_name_plural = _("测验")

    def __str__(self) -> str:
        return f"{self.lesson}"


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("顺序"), default=0)
    text_zh = models.TextField(_("中文题干"))
    text_en = models.TextField(_("英文题干"), blank=True)
    multiple = models.BooleanField(_("多选题"), default=False)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text_zh[:60]

    @property
    def text(self) -> str:
        return translated(self, "text")


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text_zh = models.CharField(_("中文选项"), max_length=300)
    text_en = models.CharField(_("英文选项"), max_length=300, blank=True)
    correct = models.BooleanField(_("正确答案"), default=False)

    class Meta:
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text_zh

    @property
    def text(self) -> str:
        return translated(self, "text")


class LessonProgress(models.Model):
    reader = models.ForeignKey("patrons.Reader", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("完成时间"))

    class Meta:
        verbose_name = _("课时完成记录")
        verbose_name_plural = _("课时完成记录")
        constraints = [
            models.UniqueConstraint(fields=["reader", "lesson"], name="lesson_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.lesson_id}"


class QuizAttempt(models.Model):
    reader = models.ForeignKey("patrons.Reader", on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("第几次"))
    score_percent = models.PositiveSmallIntegerField(_("得分（%）"))
    passed = models.BooleanField(_("通过"))
    answers = models.JSONField(_("作答"), default=dict)
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("测验作答")
        verbose_name_plural = _("测验作答")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "quiz", "number"], name="quiz_attempt_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} {self.quiz_id} #{self.number}"


class Certificate(models.Model):
    """Issued once per reader and course when its rules are met. `code` is the
    unguessable part of the public verification URL; `holder_name` is kept as it
    was at issue, and shown to the public only masked."""

    code = models.CharField(_("证书编号"), max_length=32, unique=True)
    reader = models.ForeignKey("patrons.Reader", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField(_("持证人"), max_length=100)
    issued_at = models.DateTimeField(_("颁发时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("结业证书")
        verbose_name_plural = _("结业证书")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["reader", "course"], name="certificate_once_per_course")
        ]

    def __str__(self) -> str:
        return self.code
