"""Every app's API routes, under /api/v1/. Add one include per app."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("kaigon.api_views")),
    path("", include("accounts.api.urls")),
    path("", include("media_uploads.api.urls")),
    path("", include("chat.api.urls")),
    path("", include("boards.api.urls")),
    path("", include("posts.api.urls")),
    path("", include("search.api.urls")),
    path("", include("notifications.api.urls")),
]
