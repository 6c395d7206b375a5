from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("", views.chat_index, name="index"),
    path("<int:room_id>/", views.chat_room, name="room"),
    path("new/", views.chat_group_new, name="group-new"),
    path("direct/<str:username>/", views.chat_direct, name="direct"),
    path("invite/<str:code>/", views.chat_invite, name="invite"),
]
