from django.urls import path

from boards import views

app_name = "boards"

urlpatterns = [
    path("boards/", views.board_index, name="index"),
    path("b/<slug:slug>/", views.board_detail, name="detail"),
    path("b/<slug:slug>/subscription", views.board_subscription, name="subscription"),
]
