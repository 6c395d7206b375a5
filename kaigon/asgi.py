import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaigon.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.sessions import CookieMiddleware, SessionMiddleware  # noqa: E402

from accounts.auth.socket import socket_user  # noqa: E402
from kaigon.access import AccessLogMiddleware  # noqa: E402
from kaigon.handshake import LiveAuthMiddleware  # noqa: E402
from kaigon.routing import websocket_urlpatterns  # noqa: E402

# Outermost: one JSON access line per request or socket (kaigon/access.py).
application = AccessLogMiddleware(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            # Sessions (for the cookie), then the Origin rule and accounts' own
            # authentication: the session or a one-time ticket (docs/realtime.md).
            "websocket": CookieMiddleware(
                SessionMiddleware(
                    LiveAuthMiddleware(
                        URLRouter(websocket_urlpatterns), authenticate=socket_user
                    )
                )
            ),
        }
    )
)
