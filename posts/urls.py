from django.urls import path

from posts import views

app_name = "posts"

urlpatterns = [
    path("tags/<str:tag>/", views.tag_detail, name="tag"),
]
