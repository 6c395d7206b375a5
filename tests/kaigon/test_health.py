import pytest

pytestmark = pytest.mark.django_db

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CLOSED_REDIS,
    }
}


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/livez"])
def test_probes_answer_ok(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "app:8000", "10.0.3.7"])
def test_probes_answer_whatever_the_host_header_says(client, settings, host):
    settings.ALLOWED_HOSTS = ["forum.example.com"]
    assert client.get("/healthz", HTTP_HOST=host).status_code == 200
    assert client.get("/livez", HTTP_HOST=host).status_code == 200
    # Everything else still refuses a host it does not serve.
    assert client.get("/", HTTP_HOST=host).status_code == 400


def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_readiness_fails_without_saying_why(client, settings):
    settings.CACHES = BROKEN_CACHE
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert client.get("/healthz").status_code == 503


def test_readiness_failure_names_the_check_in_the_log(client, settings, caplog):
    settings.CACHES = BROKEN_CACHE
    client.get("/readyz")
    (record,) = [r for r in caplog.records if r.name == "kaigon.health"]
    assert record.checks["cache"].startswith("error: ConnectionError")
    assert record.checks["database"] == "ok"


def test_liveness_does_not_touch_dependencies(client, settings):
    settings.CACHES = BROKEN_CACHE
    settings.MONGO_URL = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300"
    assert client.get("/livez").status_code == 200


def test_probes_answer_only_reads(client):
    assert client.post("/healthz").status_code == 405


def test_api_health_reports_every_service_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": "ok",
        "cache": "ok",
        "channel_layer": "ok",
        "docstore": "ok",
    }
    assert body["failing"] == []


def test_api_health_names_a_failing_channel_layer_but_not_the_error(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [CLOSED_REDIS]},
        }
    }
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["channel_layer"]
    # Which check, never the error (host names, ports): that goes to the log.
    assert body["checks"]["channel_layer"] == "error"


def test_api_health_names_a_document_store_that_does_not_answer(client, settings):
    settings.MONGO_URL = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300"
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json()["failing"] == ["docstore"]
