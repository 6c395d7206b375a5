import json

import pytest

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_unknown_api_url_answers_json_404(client):
    error = assert_error_shape(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert "no API endpoint" in error["message"]


def test_unknown_api_url_outside_v1_answers_json_404(client, settings):
    settings.DEBUG = True  # even the debug 404 page must not leak into the API
    assert_error_shape(client.get("/api/v2/anything"), 404, "not_found")


def test_wrong_method_answers_json_405(client):
    error = assert_error_shape(client.post("/api/v1/health"), 405, "method_not_allowed")
    assert "POST" in error["message"]


@pytest.mark.urls("tests.kaigon.urls_api_errors")
def test_validation_errors_name_the_field(client):
    response = client.post(
        "/api/v1/test/validate",
        {"name": "far too long"},
        content_type="application/json",
    )
    error = assert_error_shape(response, 400, "invalid")
    assert list(error["fields"]) == ["name"]
    assert "5 characters" in error["fields"]["name"][0]
    assert error["message"].startswith("name:")


@pytest.mark.urls("tests.kaigon.urls_api_errors")
def test_malformed_json_is_a_400_not_a_500(client):
    response = client.post(
        "/api/v1/test/validate", "{not json", content_type="application/json"
    )
    assert_error_shape(response, 400, "parse_error")


@pytest.mark.urls("tests.kaigon.urls_api_errors")
@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_exception_answers_json_500_without_traceback(
    client, settings, debug
):
    settings.DEBUG = debug
    client.raise_request_exception = False
    response = client.get("/api/v1/test/broken")
    error = assert_error_shape(response, 500, "server_error")
    assert "secret internal detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert error["fields"] == {}


@pytest.mark.urls("tests.kaigon.urls_api_errors")
def test_throttled_requests_get_429_with_retry_after(client):
    for _ in range(2):
        assert client.get("/api/v1/test/throttled").status_code == 200
    response = client.get("/api/v1/test/throttled")
    assert_error_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_unauthenticated_write_gets_401_in_error_shape(client):
    response = client.post("/api/v1/auth/ws-ticket")
    error = assert_error_shape(response, 401, "not_authenticated")
    assert error["message"]


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    # The Swagger UI comes from our own static files, never a CDN.
    assert b"cdn." not in docs.content
    assert b"/static/drf_spectacular_sidecar/" in docs.content


@pytest.mark.urls("tests.kaigon.urls_api_errors")
def test_django_http404_inside_an_api_view_is_a_not_found_error(client):
    assert_error_shape(client.get("/api/v1/test/missing"), 404, "not_found")


def test_unknown_api_url_with_a_session_and_no_csrf_token_is_still_a_json_404(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert_error_shape(client.delete("/api/v1/images/not-a-number/x"), 404, "not_found")


def test_csrf_failure_under_the_api_answers_json_and_pages_get_a_page(rf, settings):
    from kaigon.views import csrf_failure

    api = csrf_failure(rf.post("/api/v1/anything"), reason="CSRF cookie not set.")
    assert api.status_code == 403
    assert json.loads(api.content)["error"]["code"] == "csrf_failed"
    page = csrf_failure(rf.post("/accounts/login/"), reason="CSRF cookie not set.")
    assert page.status_code == 403
    assert page["Content-Type"].startswith("text/html")
    assert settings.CSRF_FAILURE_VIEW == "kaigon.views.csrf_failure"


def test_page_form_without_csrf_token_gets_the_explaining_page(client, user):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/i18n/setlang/", {"language": "zh-hant"})
    assert response.status_code == 403
    assert b"Form expired" in response.content
