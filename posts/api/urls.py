from django.urls import path

from posts.api import feed, views

urlpatterns = [
    path("feed/", feed.FeedView.as_view(), name="feed"),
    path(
        "boards/<slug:slug>/posts",
        views.BoardPostListView.as_view(),
        name="board-posts",
    ),
    path("posts", views.PostCreateView.as_view(), name="posts"),
    path("posts/<int:post_id>", views.PostDetailView.as_view(), name="post"),
    path(
        "posts/<int:post_id>/history",
        views.PostHistoryView.as_view(),
        name="post-history",
    ),
    path(
        "posts/<int:post_id>/comments",
        views.PostCommentListView.as_view(),
        name="post-comments",
    ),
    path(
        "posts/<int:pk>/reaction",
        views.PostReactionView.as_view(),
        name="post-reaction",
    ),
    path(
        "posts/<int:pk>/bookmark",
        views.PostBookmarkView.as_view(),
        name="post-bookmark",
    ),
    path("posts/<int:pk>/follow", views.PostFollowView.as_view(), name="post-follow"),
    path("posts/<int:pk>/report", views.PostReportView.as_view(), name="post-report"),
    path(
        "posts/<int:pk>/moderate",
        views.PostModerateView.as_view(),
        name="post-moderate",
    ),
    path("comments/<int:pk>", views.CommentDetailView.as_view(), name="comment"),
    path(
        "comments/<int:pk>/reaction",
        views.CommentReactionView.as_view(),
        name="comment-reaction",
    ),
    path(
        "comments/<int:pk>/report",
        views.CommentReportView.as_view(),
        name="comment-report",
    ),
    path(
        "comments/<int:pk>/moderate",
        views.CommentModerateView.as_view(),
        name="comment-moderate",
    ),
    path("hashtags", views.HashtagAutocompleteView.as_view(), name="hashtags"),
    path(
        "hashtags/<str:tag>/posts",
        views.HashtagPostListView.as_view(),
        name="hashtag-posts",
    ),
    path("me/bookmarks", views.BookmarkListView.as_view(), name="me-bookmarks"),
    path(
        "users/<str:username>/posts",
        views.UserPostListView.as_view(),
        name="user-posts",
    ),
]
