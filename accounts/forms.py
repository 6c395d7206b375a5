"""Forms of the profile and notification settings pages."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import BIO_MAX_LENGTH, NotificationKind, User


class ProfileForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname"),
        max_length=User._meta.get_field("nickname").max_length,
        required=False,
        help_text=_("Shown instead of your @handle. Leave empty to use the handle."),
    )
    bio = forms.CharField(
        label=_("Bio"),
        max_length=BIO_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            _("Plain text, up to {limit} characters."), limit=BIO_MAX_LENGTH
        ),
    )

    # The upload widget fills this with the id of the avatar just uploaded.
    avatar = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    remove_avatar = forms.BooleanField(label=_("Remove my picture"), required=False)

    def profile_changes(self) -> dict:
        """Keyword arguments for services.user_profile_update."""
        data = self.cleaned_data
        changes = {"nickname": data["nickname"], "bio": data["bio"]}
        if data.get("avatar"):
            changes["avatar_upload_id"] = data["avatar"]
        elif data.get("remove_avatar"):
            changes["avatar_upload_id"] = None
        return changes


class NotificationSettingsForm(forms.Form):
    """One checkbox per notification kind."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label,
                required=False,
                widget=forms.CheckboxInput(attrs={"role": "switch"}),
            )
