import pytest

pytestmark = pytest.mark.django_db

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthz_reports_every_service_ok(client):
    response = client.get("/healthz")
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


def test_healthz_names_a_cache_that_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_REDIS,
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failing"] == ["cache"]
    assert body["checks"]["database"] == "ok"


def test_healthz_names_a_channel_layer_that_does_not_answer(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [CLOSED_REDIS]},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["channel_layer"]


def test_api_health_endpoint_has_the_same_report(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_names_a_document_store_that_does_not_answer(client, settings):
    settings.MONGO_URL = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["docstore"]
