"""HTML pages of media_uploads (namespace "media_uploads")."""

from django.urls import path

from media_uploads import views

app_name = "media_uploads"

urlpatterns = [
    path("", views.my_images, name="my-images"),
    path("<int:upload_id>/delete/", views.image_delete, name="delete"),
]
