from django.urls import path

from posts import feed, views

app_name = "posts"

urlpatterns = [
    path("b/<slug:slug>/", views.board_detail, name="board"),
    path("feed/", feed.feed, name="feed"),
    path("b/<slug:slug>/new/", views.post_create, name="create"),
    path("p/<int:pk>/", views.post_detail, name="detail"),
    path("p/<int:pk>/edit/", views.post_edit, name="edit"),
    path("p/<int:pk>/delete/", views.post_delete, name="delete"),
    path("p/<int:pk>/history/", views.post_history, name="history"),
    path("p/<int:pk>/comments", views.comment_create, name="comment"),
    path("p/<int:pk>/reaction", views.post_react, name="react"),
    path("p/<int:pk>/bookmark", views.post_bookmark, name="bookmark"),
    path("p/<int:pk>/follow", views.post_follow, name="follow"),
    path("p/<int:pk>/report/", views.report_create, {"kind": "post"}, name="report"),
    path("p/<int:pk>/moderate", views.post_moderate, name="moderate"),
    path("c/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("c/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("c/<int:pk>/reaction", views.comment_react, name="comment-react"),
    path("c/<int:pk>/moderate", views.comment_moderate, name="comment-moderate"),
    path(
        "c/<int:pk>/report/",
        views.report_create,
        {"kind": "comment"},
        name="comment-report",
    ),
    path("posts/preview", views.post_preview, name="preview"),
    path("tags/<str:tag>/", views.tag_detail, name="tag"),
    path("me/bookmarks/", views.bookmark_list, name="bookmarks"),
]
