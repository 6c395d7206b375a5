"""Request and response bodies of the auth API (also the OpenAPI schema)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.validators import USERNAME_MAX_LENGTH


class CaptchaSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("Captcha id; send it back with the answer.")
    )
    image_url = serializers.CharField(
        help_text=_("Absolute URL of the PNG of the current code.")
    )
    expires_at = serializers.DateTimeField()


class CaptchaAnswerFields(serializers.Serializer):
    captcha_key = serializers.CharField(max_length=40)
    captcha_answer = serializers.CharField(max_length=32)


class SignupRequestSerializer(CaptchaAnswerFields):
    email = serializers.EmailField()
    username = serializers.CharField(max_length=USERNAME_MAX_LENGTH)
    nickname = serializers.CharField(max_length=50, required=False, allow_blank=True)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class SignupResponseSerializer(DetailSerializer):
    email = serializers.EmailField()


class LoginRequestSerializer(CaptchaAnswerFields):
    login = serializers.CharField(
        max_length=254, help_text=_("E-mail address or username.")
    )
    password = serializers.CharField(max_length=128)


class AuthUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    nickname = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text=_("JWT for `Authorization: Bearer`."))
    refresh = serializers.CharField(
        help_text=_("Send to auth/token/refresh; also set as an HttpOnly cookie.")
    )
    access_expires_at = serializers.DateTimeField()
    refresh_expires_at = serializers.DateTimeField()
    device_id = serializers.CharField()
    user = AuthUserSerializer()


class RefreshRequestSerializer(serializers.Serializer):
    refresh = serializers.CharField(
        required=False,
        help_text=_("The refresh token; may be omitted when the cookie is sent."),
    )


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField()


class KeySerializer(serializers.Serializer):
    key = serializers.CharField(max_length=400)


class PasswordResetConfirmSerializer(KeySerializer):
    password = serializers.CharField(max_length=128)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=128)


class GoogleLoginSerializer(serializers.Serializer):
    id_token = serializers.CharField(required=False, max_length=8192)
    code = serializers.CharField(required=False, max_length=2048)
    redirect_uri = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2048,
        help_text=_("With `code`: the redirect URI the app used to get it."),
    )

    def validate(self, attrs):
        if bool(attrs.get("id_token")) == bool(attrs.get("code")):
            raise serializers.ValidationError(
                _("Send either a Google ID token or an authorization code.")
            )
        return attrs


class SocialAccountSerializer(serializers.Serializer):
    provider = serializers.CharField()
    uid = serializers.CharField()
    email = serializers.CharField(allow_blank=True)


class DeviceSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("`api-<uuid>` or `web-<number>`."))
    kind = serializers.CharField(
        help_text=_("`api` (an app login) or `web` (a browser).")
    )
    name = serializers.CharField(
        help_text=_('What it is, e.g. "Chrome on Android"; in the asked language.')
    )
    user_agent = serializers.CharField()
    ip = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField()
    current = serializers.BooleanField()
