from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.learning.enums import CourseFormat, CourseStatus, LessonKind, ProviderKind


class ProviderForm(forms.Form):
    name_zh = forms.CharField(label=_("中文名称"), max_length=200)
    name_en = forms.CharField(label=_("英文名称"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=ProviderKind.choices)
    partner = forms.ChoiceField(label=_("合作机构"), required=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "—")] + [(p.pk, p.name) for p in partners]


class CourseForm(forms.Form):
    provider = forms.ChoiceField(label=_("提供方"))
    title_zh = forms.CharField(label=_("中文标题"), max_length=200)
    title_en = forms.CharField(label=_("英文标题"), max_length=200, required=False)
    summary_zh = forms.CharField(label=_("中文简介"), widget=forms.Textarea, required=False)
    summary_en = forms.CharField(label=_("英文简介"), widget=forms.Textarea, required=False)
    format = forms.ChoiceField(label=_("形式"), choices=CourseFormat.choices)
    status = forms.ChoiceField(label=_("状态"), choices=CourseStatus.choices)
    attendance_percent = forms.IntegerField(
        label=_("结业出勤率（%）"), min_value=0, max_value=100, initial=80
    )

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.pk, p.name) for p in providers]


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=LessonKind.choices)
    position = forms.IntegerField(label=_("顺序"), min_value=1, max_value=10_000)
    title_zh = forms.CharField(label=_("中文标题"), max_length=200)
    title_en = forms.CharField(label=_("英文标题"), max_length=200, required=False)
    body_zh = forms.CharField(
        label=_("中文内容"), widget=forms.Textarea, required=False, max_length=200_000
    )
    body_en = forms.CharField(
        label=_("英文内容"), widget=forms.Textarea, required=False, max_length=200_000
    )
    url = forms.URLField(label=_("链接"), required=False, max_length=500, assume_scheme="https")
    video = forms.FileField(
        label=_("视频（MP4 或 WebM）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    captions_zh = forms.FileField(
        label=_("中文字幕 (WebVTT)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    captions_en = forms.FileField(
        label=_("英文字幕 (WebVTT)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    file = forms.FileField(label=_("文件"), required=False)


class ReadingItemForm(forms.Form):
    record = forms.IntegerField(
        label=_("书目编号"), min_value=1, help_text=_("书目页地址中的编号。")
    )
    note_zh = forms.CharField(label=_("中文说明"), max_length=300, required=False)
    note_en = forms.CharField(label=_("英文说明"), max_length=300, required=False)


class QuizForm(forms.Form):
    pass_percent = forms.IntegerField(label=_("及格线（%）"), min_value=1, max_value=100)
    max_attempts = forms.IntegerField(
        label=_("最多尝试次数"), min_value=0, max_value=100, help_text=_("0 表示不限次数。")
    )


class QuestionForm(forms.Form):
    text_zh = forms.CharField(label=_("中文题干"), max_length=2000)
    text_en = forms.CharField(label=_("英文题干"), max_length=2000, required=False)
    multiple = forms.BooleanField(label=_("多选题"), required=False)
    choices = forms.CharField(
        label=_("选项"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("每行一个选项；正确答案在行首加 *。英文可写在 | 之后：*北京 | Beijing"),
    )

    def choice_lines(self) -> list[tuple[str, str, bool]]:
        lines = []
        for raw in self.cleaned_data["choices"].splitlines():
            line = raw.strip()
            if not line:
                continue
            correct = line.startswith("*")
            line = line.lstrip("*").strip()
            zh, _sep, en = line.partition("|")
            lines.append((zh.strip()[:300], en.strip()[:300], correct))
        return lines


class CheckInCodeForm(forms.Form):
    code = forms.CharField(label=_("签到码"), max_length=32)


class ClassForm(forms.Form):
    course = forms.ChoiceField(label=_("课程"))
    library = forms.ChoiceField(label=_("开班图书馆"))
    room = forms.CharField(label=_("教室"), max_length=200)
    teacher_name = forms.CharField(label=_("授课教师"), max_length=100)
    capacity = forms.IntegerField(label=_("名额"), min_value=1, max_value=10_000)

    def __init__(self, *args, courses=(), libraries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [(c.pk, c.title) for c in courses]
        self.fields["library"].choices = [(lib.pk, lib.name) for lib in libraries]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ScanForm(forms.Form):
    card = forms.CharField(label=_("读者证号或电子读者证"), max_length=200)


class CartridgeForm(forms.Form):
    package = forms.FileField(
        label=_("课程包（.imscc）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".imscc,.zip"}),
        help_text=_("Canvas 或 Moodle 导出的 IMS Common Cartridge；导入为草稿课程。"),
    )
    provider = forms.ChoiceField(label=_("提供方"))

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.pk, p.name) for p in providers]
