from django import forms
from django.utils.translation import gettext_lazy as _

from wenlan.booklists.enums import MoveDirection
from wenlan.booklists.policies import TITLE_MAX
from wenlan.booklists.services.items import NOTE_MAX


class BookListForm(forms.Form):
    """A list's title and description in both languages (and, when new, its library)."""

    library = forms.TypedChoiceField(label=_("图书馆"), coerce=int)
    title_zh = forms.CharField(label=_("中文标题"), max_length=TITLE_MAX)
    title_en = forms.CharField(label=_("英文标题"), max_length=TITLE_MAX, required=False)
    description_zh = forms.CharField(
        label=_("中文简介"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=_("英文简介"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, libraries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if libraries is None:
            del self.fields["library"]
        else:
            self.fields["library"].choices = [(lib.pk, lib.name) for lib in libraries]


class BookAddForm(forms.Form):
    """A book by ISBN, or a record chosen from the catalog search (hidden field)."""

    isbn = forms.CharField(label=_("ISBN"), max_length=40, required=False)
    record = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    note_zh = forms.CharField(label=_("中文推荐语"), max_length=NOTE_MAX, required=False)
    note_en = forms.CharField(label=_("英文推荐语"), max_length=NOTE_MAX, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("isbn") and not data.get("record"):
            raise forms.ValidationError(_("请填写 ISBN，或从检索结果中选择一本书。"))
        return data


class BookNoteForm(forms.Form):
    note_zh = forms.CharField(label=_("中文推荐语"), max_length=NOTE_MAX, required=False)
    note_en = forms.CharField(label=_("英文推荐语"), max_length=NOTE_MAX, required=False)


class BookMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=MoveDirection.choices)


class SendForm(forms.Form):
    segment = forms.IntegerField(min_value=1)


class CatalogSearchForm(forms.Form):
    q = forms.CharField(label=_("检索馆藏"), max_length=200, required=False)
