"""POST /api/v1/auth/captcha and /captcha/<key>/refresh."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.auth import serializers as s
from accounts.api.auth.common import AnonymousAPIView
from accounts.auth.captcha import CaptchaChallenge, captcha_create, captcha_refresh
from kaigon.ratelimit import rate_limit_consume


def _captcha_body(request: Request, challenge: CaptchaChallenge) -> dict:
    body = s.CaptchaSerializer(challenge).data
    # Absolute, so an app can load it without knowing the site's address.
    body["image_url"] = request.build_absolute_uri(challenge.image_url)
    return body


class CaptchaView(AnonymousAPIView):
    @extend_schema(request=None, responses={201: s.CaptchaSerializer})
    def post(self, request: Request) -> Response:
        """A new captcha: an id (`key`) and the URL of its picture."""
        rate_limit_consume(request._request, action="captcha")
        challenge = captcha_create()
        return Response(_captcha_body(request, challenge), status=201)


class CaptchaRefreshView(AnonymousAPIView):
    @extend_schema(request=None, responses={200: s.CaptchaSerializer})
    def post(self, request: Request, key: str) -> Response:
        """A new code behind the same captcha id, as often as the client likes."""
        rate_limit_consume(request._request, action="captcha")
        challenge = captcha_refresh(key=key)
        return Response(_captcha_body(request, challenge))
