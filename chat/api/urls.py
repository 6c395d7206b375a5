from django.urls import path

from chat.api import views

room = "chat/rooms/<int:room_id>"

urlpatterns = [
    path("chat/rooms", views.RoomListCreateView.as_view(), name="chat-rooms"),
    path("chat/direct", views.DirectRoomView.as_view(), name="chat-direct"),
    path("chat/unread", views.UnreadView.as_view(), name="chat-unread"),
    path("chat/preferences", views.PreferenceView.as_view(), name="chat-preferences"),
    path("chat/invites/<str:code>", views.InviteView.as_view(), name="chat-invite"),
    path(
        "chat/invites/<str:code>/accept",
        views.InviteAcceptView.as_view(),
        name="chat-invite-accept",
    ),
    path(room, views.RoomDetailView.as_view(), name="chat-room"),
    path(f"{room}/members", views.RoomMembersView.as_view(), name="chat-members"),
    path(
        f"{room}/members/<str:username>",
        views.RoomMemberView.as_view(),
        name="chat-member",
    ),
    path(f"{room}/leave", views.RoomLeaveView.as_view(), name="chat-leave"),
    path(f"{room}/transfer", views.RoomTransferView.as_view(), name="chat-transfer"),
    path(f"{room}/settings", views.RoomSettingsView.as_view(), name="chat-settings"),
    path(
        f"{room}/my-settings", views.MySettingsView.as_view(), name="chat-my-settings"
    ),
    path(f"{room}/invites", views.RoomInvitesView.as_view(), name="chat-invites"),
    path(
        f"{room}/invites/<str:code>",
        views.RoomInviteView.as_view(),
        name="chat-room-invite",
    ),
    path(f"{room}/messages", views.RoomMessagesView.as_view(), name="chat-messages"),
    path(
        f"{room}/messages/<int:seq>",
        views.RoomMessageView.as_view(),
        name="chat-message",
    ),
    path(f"{room}/read", views.RoomReadView.as_view(), name="chat-read"),
    path(f"{room}/typing", views.RoomTypingView.as_view(), name="chat-typing"),
]
