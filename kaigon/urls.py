from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kaigon import views
from posts import views as post_views

urlpatterns = [
    path("", post_views.home, name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("captcha/", include("captcha.urls")),
    path("images/", include("media_uploads.urls")),
    path("chat/", include("chat.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("boards.urls")),
    path("", include("posts.urls")),
    path("", include("search.urls")),
    path("api/v1/", include("kaigon.api_urls")),
    re_path(r"^api/", views.api_not_found),
]

if not settings.AWS_STORAGE_BUCKET_NAME:
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            views.serve_local_media,
            name="media",
        )
    ]

handler404 = "kaigon.views.page_not_found"
# allauth's rate-limited pages answer through this (429 with Retry-After).
handler429 = "accounts.auth.views.rate_limited"
handler500 = "kaigon.views.server_error"
