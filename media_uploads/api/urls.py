from django.urls import path

from media_uploads.api import views

urlpatterns = [
    path("images", views.ImageListCreateView.as_view(), name="images"),
    path("images/<int:pk>", views.ImageDetailView.as_view(), name="image"),
]
