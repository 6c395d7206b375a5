"""Probes and metrics, answered before host checks and the HTTPS redirect.

Load balancers, `docker compose` and Prometheus call these by container
address or loopback over plain HTTP, so they must not depend on
ALLOWED_HOSTS. They reveal nothing beyond "ok"/"unavailable" (the failing
check is logged); /metrics needs the bearer token KAIGON_METRICS_TOKEN.
"""

import hmac
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from kaigon.access import SCOPE_KEY
from kaigon.health import run_health_checks

logger = logging.getLogger("kaigon.health")


def live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers; no dependency is touched."""
    return JsonResponse({"status": "ok"})


def ready(request: HttpRequest) -> HttpResponse:
    """Readiness: the database, cache, channel layer and document store answer."""
    report = run_health_checks()
    if not report.healthy:
        logger.warning("Health check failing", extra={"checks": report.checks})
    return JsonResponse(
        {"status": "ok" if report.healthy else "unavailable"},
        status=report.status_code,
    )


def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.KAIGON_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        # As if there were nothing here.
        return HttpResponse(status=404)
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/livez": live,
    "/readyz": ready,
    "/healthz": ready,
    "/metrics": metrics,
}


class ProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        info = getattr(request, "scope", {}).get(SCOPE_KEY)
        if info is not None:
            info["route"] = request.path_info
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
        else:
            response = probe(request)
        add_never_cache_headers(response)
        return response
