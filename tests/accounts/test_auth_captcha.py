"""Captcha: one id, refreshable codes, single use, expiry, wrong answers."""

from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from accounts.auth.captcha import captcha_create, captcha_verify
from accounts.errors import CaptchaExpired, CaptchaInvalid, CaptchaWrong

pytestmark = pytest.mark.django_db


def test_api_hands_out_a_key_and_an_image_url(api_client):
    response = api_client.post("/api/v1/auth/captcha")
    assert response.status_code == 201
    body = response.json()
    assert CaptchaStore.objects.filter(hashkey=body["key"]).exists()
    assert body["image_url"].startswith(
        f"http://testserver/captcha/image/{body['key']}/"
    )
    image = api_client.get(body["image_url"])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


def test_refresh_keeps_the_key_and_changes_the_code(api_client):
    key = api_client.post("/api/v1/auth/captcha").json()["key"]
    codes = {CaptchaStore.objects.get(hashkey=key).response}
    urls = set()
    for _ in range(5):
        response = api_client.post(f"/api/v1/auth/captcha/{key}/refresh")
        assert response.status_code == 200
        assert response.json()["key"] == key
        urls.add(response.json()["image_url"])
        codes.add(CaptchaStore.objects.get(hashkey=key).response)
    assert len(codes) > 1  # random 5-letter codes; six equal in a row is ~impossible
    assert len(urls) == 5  # every refresh busts image caches


def test_only_the_newest_code_is_accepted_after_a_refresh(api_client):
    key = api_client.post("/api/v1/auth/captcha").json()["key"]
    old = CaptchaStore.objects.get(hashkey=key).response
    api_client.post(f"/api/v1/auth/captcha/{key}/refresh")
    new = CaptchaStore.objects.get(hashkey=key).response
    if old != new:
        with pytest.raises(CaptchaInvalid):
            captcha_verify(key=key, answer=old)
    # A wrong answer rotated the code; the current one works.
    captcha_verify(key=key, answer=CaptchaStore.objects.get(hashkey=key).response)


def test_right_answer_works_once():
    challenge = captcha_create()
    answer = CaptchaStore.objects.get(hashkey=challenge.key).response
    captcha_verify(key=challenge.key, answer=answer.upper())  # case-insensitive
    with pytest.raises(CaptchaExpired):
        captcha_verify(key=challenge.key, answer=answer)


def test_wrong_answer_is_refused_and_the_code_changes():
    challenge = captcha_create()
    before = CaptchaStore.objects.get(hashkey=challenge.key).response
    with pytest.raises(CaptchaWrong):
        captcha_verify(key=challenge.key, answer=before + "x")
    assert CaptchaStore.objects.filter(hashkey=challenge.key).exists()


def test_expired_captcha_is_refused():
    challenge = captcha_create()
    store = CaptchaStore.objects.get(hashkey=challenge.key)
    CaptchaStore.objects.filter(pk=store.pk).update(
        expiration=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(CaptchaExpired):
        captcha_verify(key=challenge.key, answer=store.response)


def test_refreshing_an_expired_or_unknown_captcha_is_a_field_error(api_client):
    response = api_client.post("/api/v1/auth/captcha/doesnotexist/refresh")
    assert response.status_code == 400
    assert "captcha_key" in response.json()["error"]["fields"]


def test_wrong_captcha_on_login_is_a_field_error_and_says_nothing_else(api_client):
    key = api_client.post("/api/v1/auth/captcha").json()["key"]
    response = api_client.post(
        "/api/v1/auth/login",
        {
            "login": "nobody",
            "password": "x",
            "captcha_key": key,
            "captcha_answer": "zz",
        },
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["captcha_answer"]


def test_signup_page_shows_the_captcha_image_and_refresh_button(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-captcha-refresh" in html
    assert "/captcha/image/" in html
    assert "accounts/captcha.js" in html
    assert "<script>" not in html  # no inline script under the strict CSP


def test_captcha_picture_is_large_enough_to_read(api_client):
    from io import BytesIO

    from PIL import Image

    image_url = api_client.post("/api/v1/auth/captcha").json()["image_url"]
    response = api_client.get(image_url)

    width, height = Image.open(BytesIO(b"".join(response))).size
    assert width >= 200 and height >= 60


def test_captcha_codes_have_no_look_alike_letters():
    from accounts.auth.captcha import legible_challenge

    shown = "".join(legible_challenge()[0] for _ in range(200))
    assert not set(shown) & set("0O1IJLQUVW")


def test_captcha_page_widget_has_a_label_and_a_refresh_button(client):
    html = client.get("/accounts/login/").content.decode()

    assert "data-captcha-refresh" in html
    assert 'aria-label="Characters in the picture"' in html
    assert 'width="220"' in html
