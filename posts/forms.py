"""Forms of the post pages; the services check every rule again."""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from media_uploads.models import Upload
from posts.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    REPORT_REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, _italic_, [link](https://…), #hashtag."),
    )
    anonymous = forms.BooleanField(
        label=_("Post anonymously (others see a pseudonym)"), required=False
    )
    image_ids = forms.CharField(required=False, widget=forms.HiddenInput)
    # On edit: which of the attached images stay (unticked ones are removed).
    keep_images = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(
        self,
        *args,
        allow_anonymous: bool = False,
        attached: Sequence[Upload] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not allow_anonymous:
            del self.fields["anonymous"]
        self.attached = list(attached)
        self.fields["keep_images"].choices = [(i.pk, str(i.pk)) for i in self.attached]
        self.fields["keep_images"].initial = [image.pk for image in self.attached]

    def all_image_ids(self) -> list[int]:
        kept = self.cleaned_data.get("keep_images", [])
        return list(dict.fromkeys([*kept, *self.cleaned_data["image_ids"]]))

    def clean_image_ids(self) -> list[int]:
        raw = self.cleaned_data["image_ids"]
        try:
            return list(dict.fromkeys(int(part) for part in raw.split(",") if part))
        except ValueError as exc:
            raise forms.ValidationError(_("The attached images are invalid.")) from exc


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    anonymous = forms.BooleanField(
        label=_("Comment anonymously (others see a pseudonym)"), required=False
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=REPORT_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
