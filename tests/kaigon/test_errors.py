"""One error type: a service's KaigonError as the API, the pages and forms see it.

(The socket's side is in test_realtime.py.)
"""

from pathlib import Path

import pytest
from django.utils import translation

import kaigon.consumers  # the socket's codes
import kaigon.urls  # noqa: F401  (imports every app's errors)
from kaigon.errors import (
    ERROR_CODES,
    SNAKE_CASE,
    ErrorCode,
    KaigonError,
    NotFound,
    RateLimited,
    error_codes,
)

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs"
TEST_URLS = "tests.kaigon.urls_api_errors"


def test_every_code_is_snake_case_unique_and_documented():
    documented = "".join(
        (DOCS / name).read_text() for name in ("api.md", "realtime.md")
    )
    codes = [code for code in error_codes() if not code.startswith("test_")]
    assert len(ErrorCode) == len(set(ErrorCode))  # no aliased members
    assert all(SNAKE_CASE.match(code) for code in codes)
    assert not [code for code in codes if f"`{code}`" not in documented]


def test_two_classes_cannot_claim_one_code():
    with pytest.raises(TypeError, match="already belongs to"):

        class Again(KaigonError):
            code = ErrorCode.NOT_FOUND

    with pytest.raises(TypeError, match="snake_case"):

        class Shouting(KaigonError):
            code = "NotFound"

    assert ERROR_CODES[ErrorCode.NOT_FOUND] is NotFound


def test_an_error_with_fields_is_headed_by_its_first_field():
    error = KaigonError(fields={"title": ["Too long."], "body": ["Empty."]})
    assert error.message == "title: Too long."
    assert KaigonError("Own words.", fields={"a": ["b"]}).message == "Own words."


@pytest.mark.urls(TEST_URLS)
def test_a_service_error_reaches_the_api_in_the_error_shape(client):
    invalid = client.post("/api/v1/test/service", {}, content_type="application/json")
    archived = client.post(
        "/api/v1/test/service", {"title": "Hi"}, content_type="application/json"
    )

    assert invalid.status_code == 400
    assert invalid.json() == {
        "error": {
            "code": "invalid",
            "message": "title: Give the post a title.",
            "fields": {"title": ["Give the post a title."]},
        }
    }
    assert archived.status_code == 409
    assert archived.json() == {
        "error": {
            "code": "test_board_archived",
            "message": "The board news is archived.",
            "fields": {},
        }
    }


@pytest.mark.urls(TEST_URLS)
def test_a_service_error_escaping_a_page_shows_the_styled_error_page(client):
    response = client.get("/test/service", {"title": "Hi"})

    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert "The board news is archived." in response.content.decode()
    assert "error.html" in [t.name for t in response.templates]


@pytest.mark.urls(TEST_URLS)
def test_the_error_page_speaks_the_visitors_language(client):
    for _attempt in range(3):
        response = client.get("/test/limited", HTTP_ACCEPT_LANGUAGE="zh-hant")

    with translation.override("zh-hant"):
        message = str(RateLimited.default_message)
    assert message != "Too many attempts; try again in a moment."
    assert response.status_code == 429
    assert message in response.content.decode()


@pytest.mark.urls(TEST_URLS)
def test_a_service_error_on_a_form_lands_on_its_field_or_on_top(client):
    missing = client.get("/test/form", {"title": ""}).content.decode()
    archived = client.get("/test/form", {"title": "Hi"}).content.decode()

    assert 'id="id_title"' in missing
    assert "Give the post a title." in missing
    assert "title: Give" not in missing  # on the field, not as a headline
    assert "The board news is archived." in archived


@pytest.mark.urls(TEST_URLS)
@pytest.mark.parametrize("path", ["/api/v1/test/limited", "/test/limited"])
def test_rate_limit_answers_429_with_retry_after_on_api_and_pages(client, path):
    statuses = [client.post(path).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    refused = client.post(path)
    assert 0 < int(refused["Retry-After"]) <= 60
    if path.startswith("/api/"):
        assert refused.json()["error"]["code"] == "throttled"
    else:
        assert "Too many attempts" in refused.content.decode()


def test_rate_limited_rounds_its_wait_up_to_whole_seconds():
    assert RateLimited(retry_after=0.2).headers == {"Retry-After": "1"}
    assert RateLimited(retry_after=2.1).retry_after == 3
