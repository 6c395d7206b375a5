"""allauth's signup and login forms with our captcha and nickname.

The same forms validate the pages and the JSON API, so both follow one set of
rules (allauth's plus ours).
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm, LoginForm, SignupForm
from allauth.account.internal.userkit import filter_users_by_email
from django import forms
from django.forms.utils import ErrorDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.auth.adapter import CAPTCHA_SOLVED_ATTR
from accounts.auth.captcha import (
    CaptchaChallenge,
    captcha_create,
    captcha_refresh,
    captcha_verify,
)
from accounts.errors import CaptchaInvalid
from accounts.models import User
from kaigon.forms import form_add_error

NICKNAME_MAX_LENGTH = User._meta.get_field("nickname").max_length


class CaptchaMixin(forms.Form):
    """Checks the captcha before anything else, so nothing leaks without one."""

    # Whether the form-wide checks (clean()) may run before the captcha is
    # solved: yes for signup's password rules, never for login's authenticate.
    check_without_captcha = False

    captcha_key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    captcha_answer = forms.CharField(
        label=_("Characters in the picture"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )

    def full_clean(self) -> None:
        if not self.is_bound:
            return super().full_clean()
        key = str(self.data.get("captcha_key") or "")
        answer = str(self.data.get("captcha_answer") or "")
        self.captcha_solved = False
        try:
            captcha_verify(key=key, answer=answer)
            self.captcha_solved = True
        except CaptchaInvalid as exc:
            # Every field's own errors at once, so a new member does not fix
            # one thing per captcha; but nothing that signs in or looks up.
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self._clean_fields()
            if self.check_without_captcha:
                self._clean_form()
            form_add_error(self, exc)
            return None
        request = getattr(self, "request", None)
        if request is not None:
            setattr(request, CAPTCHA_SOLVED_ATTR, True)
        return super().full_clean()

    @cached_property
    def captcha(self) -> CaptchaChallenge:
        """The challenge to show: the same key with a new code, or a new one."""
        key = str(self.data.get("captcha_key") or "") if self.is_bound else ""
        if key:
            try:
                return captcha_refresh(key=key)
            except CaptchaInvalid:
                pass
        return captcha_create()


class CaptchaSignupForm(CaptchaMixin, SignupForm):
    check_without_captcha = True
    nickname = forms.CharField(
        label=_("Nickname"), max_length=NICKNAME_MAX_LENGTH, required=False
    )

    field_order = [
        "email",
        "username",
        "nickname",
        "password1",
        "captcha_answer",
        "captcha_key",
    ]

    def validate_unique_email(self, value: str) -> str:
        # Kaigon reports a taken address as a field error (see docs/api.md,
        # "What each answer reveals"); the captcha guards against harvesting,
        # so without a solved one nothing is looked up.
        self.account_already_exists = False
        if self.captcha_solved and filter_users_by_email(value):
            raise get_adapter().validation_error("email_taken")
        return value

    def clean_username(self) -> str:
        if not self.captcha_solved:
            # The rules of a username only; whether it is taken needs a captcha.
            return get_adapter().clean_username(
                self.cleaned_data["username"], shallow=True
            )
        value = super().clean_username()
        if User.objects.filter(username__iexact=value).exists():
            raise get_adapter().validation_error("username_taken")
        return value

    def custom_signup(self, request, user) -> None:
        user.nickname = self.cleaned_data.get("nickname") or user.username
        user.save(update_fields=["nickname"])
        super().custom_signup(request, user)


class CaptchaLoginForm(CaptchaMixin, LoginForm):
    field_order = ["login", "password", "captcha_answer", "captcha_key", "remember"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # allauth labels it "Login" (登入 in zh-Hant, the same word as the button).
        self.fields["login"].label = _("Username or e-mail address")


class UniqueAddEmailForm(AddEmailForm):
    """allauth's e-mail change form, refusing an address another account has.

    allauth would accept it and fail later (when the link is opened) against
    the unique e-mail column; a field error now is clearer.
    """

    def clean_email(self) -> str:
        value = super().clean_email()
        if User.objects.filter(email__iexact=value).exclude(pk=self.user.pk).exists():
            raise get_adapter().validation_error("email_taken")
        return value
