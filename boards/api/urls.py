from django.urls import path

from boards.api import views

urlpatterns = [
    path("boards", views.BoardListView.as_view(), name="boards"),
    path("boards/<slug:slug>", views.BoardDetailView.as_view(), name="board"),
    path(
        "boards/<slug:slug>/subscribe",
        views.BoardSubscribeView.as_view(),
        name="board-subscribe",
    ),
]
