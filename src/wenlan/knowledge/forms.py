from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.knowledge.enums import ArticleKind
from wenlan.knowledge.policies import (
    MAX_PASSAGE_CHARS,
    MAX_PASSAGES,
    MAX_SOURCES,
    ArticleContent,
    PassageIn,
    SourceIn,
    paragraphs,
    passage_split,
)

# A textarea of passages holds at most this many characters.
MAX_PASSAGES_CHARS = MAX_PASSAGES * (MAX_PASSAGE_CHARS + 20)


class ArticleForm(forms.Form):
    """An article in both languages: the passages are paragraphs separated by a
    blank line, each ending with the sources it cites, [1] or [1, 2]; the sources
    one per line: title | publisher | URL | date."""

    slug = forms.SlugField(
        label=_("标识"),
        max_length=100,
        help_text=_("文章网址的一部分，只用小写字母、数字和连字符，如 west-lake-causeways。"),
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[
            (ArticleKind.ARTICLE, ArticleKind.ARTICLE.label),
            (ArticleKind.FAQ, ArticleKind.FAQ.label),
        ],
    )
    title_zh = forms.CharField(label=_("中文标题"), max_length=200)
    title_en = forms.CharField(label=_("英文标题"), max_length=200, required=False)
    topics = forms.MultipleChoiceField(
        label=_("主题"), required=False, widget=forms.CheckboxSelectMultiple
    )
    review_on = forms.DateField(
        label=_("复审日期"),
        help_text=_("过了这一天，文章在列表中标为待复审。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sources = forms.CharField(
        label=_("出处"),
        max_length=MAX_SOURCES * 1100,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一条：标题 | 发布者 | 网址 | 日期（YYYY-MM-DD、YYYY-MM 或 YYYY）。"),
    )
    passages_zh = forms.CharField(
        label=_("中文段落"),
        max_length=MAX_PASSAGES_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "段落之间空一行；每段能单独回答一个问题，以所引出处的序号结尾，如 [1] 或 [1, 2]。"
        ),
    )
    passages_en = forms.CharField(
        label=_("英文段落"),
        max_length=MAX_PASSAGES_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("与中文段落一一对应，段数相同。"),
    )

    def __init__(self, *args, topics=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.slug, t.name) for t in topics]
        if editing:
            self.fields["slug"].disabled = True

    def clean_sources(self) -> tuple[SourceIn, ...]:
        out = []
        for number, line in enumerate(self.cleaned_data["sources"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) > 4 or not parts[0]:
                raise forms.ValidationError(
                    _("第 %(line)s 行：请写成 标题 | 发布者 | 网址 | 日期。") % {"line": number}
                )
            parts += [""] * (4 - len(parts))
            out.append(
                SourceIn(
                    *(part[:limit] for part, limit in zip(parts, (300, 200, 500, 10), strict=True))
                )
            )
        if not out:
            raise forms.ValidationError(_("至少要有一条出处。"))
        return tuple(out)

    @staticmethod
    def _passages(text: str) -> tuple[PassageIn, ...]:
        return tuple(passage_split(paragraph) for paragraph in paragraphs(text))

    def content(self, *, origin: str = "", is_published: bool = True) -> ArticleContent:
        data = self.cleaned_data
        return ArticleContent(
            slug=data["slug"],
            kind=data["kind"],
            title_zh=data["title_zh"],
            title_en=data["title_en"],
            review_on=data["review_on"],
            topics=tuple(data["topics"]),
            sources=data["sources"],
            passages_zh=self._passages(data["passages_zh"]),
            passages_en=self._passages(data["passages_en"]),
            origin=origin,
            is_published=is_published,
        )

    @staticmethod
    def initial_from(content: ArticleContent) -> dict:
        def passages(items: tuple[PassageIn, ...]) -> str:
            return "\n\n".join(
                p.text + (f" [{', '.join(map(str, p.cites))}]" if p.cites else "") for p in items
            )

        return {
            "slug": content.slug,
            "kind": content.kind,
            "title_zh": content.title_zh,
            "title_en": content.title_en,
            "topics": list(content.topics),
            "review_on": content.review_on,
            "sources": "\n".join(
                " | ".join([s.title, s.publisher, s.url, s.date]).rstrip(" |")
                for s in content.sources
            ),
            "passages_zh": passages(content.passages_zh),
            "passages_en": passages(content.passages_en),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索知识库"), max_length=200, required=False)


class StaffFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("主题"), required=False)
    stale = forms.BooleanField(label=_("只看待复审"), required=False)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("全部主题"))] + [(t.slug, t.name) for t in topics]
