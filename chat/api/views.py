"""Chat over the JSON API, under /api/v1/chat/. Thin: each view validates
its input and calls the service or selector the socket commands also use."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.selectors import user_active_get
from chat import selectors, services
from chat.api import serializers as s
from chat.exceptions import UserNotFound
from chat.payloads import (
    invite_payload,
    member_payload,
    message_payload,
    messages_payload,
    my_settings_payload,
    room_shared_payload,
)


def _user(username: str) -> User:
    try:
        return user_active_get(username=username)
    except Http404:
        raise UserNotFound() from None


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ChatAPIView(APIView):
    permission_classes = [IsAuthenticated]


@extend_schema(tags=["chat"])
class RoomListCreateView(ChatAPIView):
    @extend_schema(
        summary="My rooms",
        description="Pinned first, then by last activity, each with its last "
        "message, unread count and my personal settings.",
        parameters=[s.RoomListQuerySerializer],
        responses=s.RoomSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = _valid(s.RoomListQuerySerializer, request.query_params)
        rooms = selectors.room_list_for_user(
            user=request.user, archived=query["archived"], request=request
        )
        return Response(rooms)

    @extend_schema(
        summary="Create a group room",
        request=s.RoomCreateSerializer,
        responses={201: s.RoomSerializer},
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.RoomCreateSerializer, request.data)
        room = services.room_group_create(
            creator=request.user,
            name=data["name"],
            members=[_user(username) for username in data["members"]],
            emoji=data["emoji"],
            theme_color=data["theme_color"],
            avatar_id=data["avatar_id"],
        )
        body = selectors.room_detail_for_member(
            room_id=room.pk, user=request.user, request=request
        )
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["chat"])
class DirectRoomView(ChatAPIView):
    @extend_schema(
        summary="Open the direct room with a member",
        description="Creates it on first use (201), else returns it (200). "
        "Refused with `messaging_not_allowed` when their setting keeps you out.",
        request=s.UsernameSerializer,
        responses={200: s.RoomSerializer, 201: s.RoomSerializer},
    )
    def post(self, request: Request) -> Response:
        data = _valid(s.UsernameSerializer, request.data)
        room, created = services.room_direct_get_or_create(
            user=request.user, other=_user(data["username"])
        )
        body = selectors.room_detail_for_member(
            room_id=room.pk, user=request.user, request=request
        )
        return Response(body, status=201 if created else 200)


@extend_schema(tags=["chat"])
class RoomDetailView(ChatAPIView):
    @extend_schema(summary="One of my rooms", responses=s.RoomSerializer)
    def get(self, request: Request, room_id: int) -> Response:
        return Response(
            selectors.room_detail_for_member(
                room_id=room_id, user=request.user, request=request
            )
        )

    @extend_schema(
        summary="Delete a group room (owner)",
        description="Every member gets `room.removed`; the messages are erased.",
        responses={204: None},
    )
    def delete(self, request: Request, room_id: int) -> Response:
        services.room_delete(room_id=room_id, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class RoomMembersView(ChatAPIView):
    @extend_schema(summary="Members of a room", responses=s.MemberSerializer(many=True))
    def get(self, request: Request, room_id: int) -> Response:
        return Response(
            selectors.room_members(room_id=room_id, user=request.user, request=request)
        )

    @extend_schema(
        summary="Add a member (owner or admin)",
        request=s.UsernameSerializer,
        responses={201: s.MemberSerializer},
    )
    def post(self, request: Request, room_id: int) -> Response:
        data = _valid(s.UsernameSerializer, request.data)
        membership = services.room_member_add(
            room_id=room_id, actor=request.user, user=_user(data["username"])
        )
        return Response(
            member_payload(membership, request), status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["chat"])
class RoomMemberView(ChatAPIView):
    @extend_schema(
        summary="Set a member's nickname or role",
        description="A member sets their own nickname, owner and admins anyone's; "
        "only the owner changes roles.",
        request=s.MemberUpdateSerializer,
        responses=s.MemberSerializer,
    )
    def patch(self, request: Request, room_id: int, username: str) -> Response:
        data = _valid(s.MemberUpdateSerializer, request.data)
        membership = services.room_member_update(
            room_id=room_id,
            actor=request.user,
            user=_user(username),
            role=data.get("role"),
            nickname=data.get("nickname"),
        )
        return Response(member_payload(membership, request))

    @extend_schema(summary="Remove a member (owner or admin)", responses={204: None})
    def delete(self, request: Request, room_id: int, username: str) -> Response:
        services.room_member_remove(
            room_id=room_id, actor=request.user, user=_user(username)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class RoomLeaveView(ChatAPIView):
    @extend_schema(
        summary="Leave a group room",
        description="The owner hands the room over first (`owner_must_transfer`); "
        "an owner alone in the room deletes it by leaving.",
        request=None,
        responses={204: None},
    )
    def post(self, request: Request, room_id: int) -> Response:
        services.room_leave(room_id=room_id, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class RoomTransferView(ChatAPIView):
    @extend_schema(
        summary="Hand the room over to another member (owner)",
        request=s.UsernameSerializer,
        responses={204: None},
    )
    def post(self, request: Request, room_id: int) -> Response:
        data = _valid(s.UsernameSerializer, request.data)
        services.room_ownership_transfer(
            room_id=room_id, actor=request.user, user=_user(data["username"])
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class RoomSettingsView(ChatAPIView):
    @extend_schema(
        summary="The room's shared settings", responses=s.RoomSharedSerializer
    )
    def get(self, request: Request, room_id: int) -> Response:
        room = selectors.membership_get(room_id=room_id, user=request.user).room
        return Response(room_shared_payload(room, request))

    @extend_schema(
        summary="Change the room's shared settings",
        description="Owner and admins in a group; either person (emoji and theme "
        "only) in a direct room. Each change posts a system message, and members "
        "get `room.updated`.",
        request=s.RoomSettingsUpdateSerializer,
        responses=s.RoomSharedSerializer,
    )
    def patch(self, request: Request, room_id: int) -> Response:
        data = _valid(s.RoomSettingsUpdateSerializer, request.data)
        room = services.room_settings_update(
            room_id=room_id, actor=request.user, **data
        )
        return Response(room_shared_payload(room, request))


@extend_schema(tags=["chat"])
class MySettingsView(ChatAPIView):
    @extend_schema(summary="My settings of a room", responses=s.MySettingsSerializer)
    def get(self, request: Request, room_id: int) -> Response:
        membership = selectors.membership_get(room_id=room_id, user=request.user)
        return Response(my_settings_payload(membership))

    @extend_schema(
        summary="Change my settings of a room",
        description="Only you see them; your other devices get `membership.updated`.",
        request=s.MySettingsSerializer,
        responses=s.MySettingsSerializer,
    )
    def patch(self, request: Request, room_id: int) -> Response:
        data = _valid(s.MySettingsSerializer, request.data)
        membership = services.membership_settings_update(
            room_id=room_id, user=request.user, **data
        )
        return Response(my_settings_payload(membership))


@extend_schema(tags=["chat"])
class RoomInvitesView(ChatAPIView):
    @extend_schema(
        summary="The room's usable invites (owner or admin)",
        responses=s.InviteSerializer(many=True),
    )
    def get(self, request: Request, room_id: int) -> Response:
        return Response(selectors.room_invites_list(room_id=room_id, user=request.user))

    @extend_schema(
        summary="Create an invite code (owner or admin)",
        request=s.InviteCreateSerializer,
        responses={201: s.InviteSerializer},
    )
    def post(self, request: Request, room_id: int) -> Response:
        data = _valid(s.InviteCreateSerializer, request.data)
        invite = services.room_invite_create(
            room_id=room_id,
            actor=request.user,
            ttl_seconds=data.get("ttl_seconds"),
            max_uses=data.get("max_uses"),
        )
        return Response(invite_payload(invite, uses=0), status=status.HTTP_201_CREATED)


@extend_schema(tags=["chat"])
class RoomInviteView(ChatAPIView):
    @extend_schema(summary="Revoke an invite (owner or admin)", responses={204: None})
    def delete(self, request: Request, room_id: int, code: str) -> Response:
        services.room_invite_revoke(room_id=room_id, actor=request.user, code=code)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class InviteView(ChatAPIView):
    @extend_schema(
        summary="What an invite leads to",
        description="410 with `invite_expired`, `invite_revoked` or "
        "`invite_used_up` for an invite that can no longer be used.",
        responses={
            200: s.InvitePreviewSerializer,
            410: OpenApiResponse(description="Expired, revoked or used up."),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        invite, room = services.room_invite_preview(code=code)
        return Response(
            {
                "room": room_shared_payload(room, request),
                "expires_at": invite_payload(invite, uses=0)["expires_at"],
            }
        )


@extend_schema(tags=["chat"])
class InviteAcceptView(ChatAPIView):
    @extend_schema(
        summary="Join a room with an invite code",
        request=None,
        responses={
            200: s.RoomSerializer,
            410: OpenApiResponse(description="Expired, revoked or used up."),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        room, _joined = services.room_invite_accept(code=code, user=request.user)
        return Response(
            selectors.room_detail_for_member(
                room_id=room.pk, user=request.user, request=request
            )
        )


@extend_schema(tags=["chat"])
class RoomMessagesView(ChatAPIView):
    @extend_schema(
        summary="Messages of a room, oldest first",
        description="Without parameters: the newest page. `before_seq`: the page "
        "before it (scrolling up). `after_seq`: everything after it (catch-up "
        "after a reconnect; repeat while `has_more`). Deleted messages come as "
        "tombstones (`deleted: true`), so seq has no unexplained gaps.",
        parameters=[s.HistoryQuerySerializer],
        responses=s.MessagePageSerializer,
    )
    def get(self, request: Request, room_id: int) -> Response:
        query = _valid(s.HistoryQuerySerializer, request.query_params)
        messages, has_more = selectors.message_history(
            room_id=room_id,
            user=request.user,
            before_seq=query.get("before_seq"),
            after_seq=query.get("after_seq"),
            limit=query["limit"],
        )
        return Response(
            {"messages": messages_payload(messages, request), "has_more": has_more}
        )

    @extend_schema(
        summary="Send a message",
        description="201 with the stored message; 200 with the original when "
        "`client_id` was already used for the same message (a resend). The same "
        "`client_id` with other content: 409 `client_id_reused`.",
        request=s.MessageCreateSerializer,
        responses={200: s.MessageSerializer, 201: s.MessageSerializer},
    )
    def post(self, request: Request, room_id: int) -> Response:
        data = _valid(s.MessageCreateSerializer, request.data)
        message, created = services.message_send(
            room_id=room_id, sender=request.user, **data
        )
        return Response(
            message_payload(message, request), status=201 if created else 200
        )


@extend_schema(tags=["chat"])
class RoomMessageView(ChatAPIView):
    @extend_schema(
        summary="Edit my message",
        request=s.MessageEditSerializer,
        responses=s.MessageSerializer,
    )
    def patch(self, request: Request, room_id: int, seq: int) -> Response:
        data = _valid(s.MessageEditSerializer, request.data)
        message = services.message_edit(
            room_id=room_id, actor=request.user, seq=seq, text=data["text"]
        )
        return Response(message_payload(message, request))

    @extend_schema(
        summary="Delete my message",
        description="Its text and image are erased from the store; members see "
        "a tombstone.",
        responses={204: None},
    )
    def delete(self, request: Request, room_id: int, seq: int) -> Response:
        services.message_delete(room_id=room_id, actor=request.user, seq=seq)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class RoomReadView(ChatAPIView):
    @extend_schema(
        summary="Mark the room read up to a seq",
        description="The mark only moves forward; members get `room.read`.",
        request=s.ReadSerializer,
        responses=s.ReadMarkSerializer,
    )
    def post(self, request: Request, room_id: int) -> Response:
        data = _valid(s.ReadSerializer, request.data)
        seq = services.room_mark_read(
            room_id=room_id, user=request.user, seq=data["seq"]
        )
        return Response({"room_id": room_id, "last_read_seq": seq})


@extend_schema(tags=["chat"])
class RoomTypingView(ChatAPIView):
    @extend_schema(
        summary="Say I am typing",
        description="Members get `typing`, at most once per 3 seconds per person.",
        request=None,
        responses={204: None},
    )
    def post(self, request: Request, room_id: int) -> Response:
        services.typing_notify(room_id=room_id, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class UnreadView(ChatAPIView):
    @extend_schema(summary="My unread counts", responses=s.UnreadSerializer)
    def get(self, request: Request) -> Response:
        return Response(selectors.unread_summary(user=request.user))


@extend_schema(tags=["chat"])
class PreferenceView(ChatAPIView):
    @extend_schema(summary="My chat preferences", responses=s.PreferenceSerializer)
    def get(self, request: Request) -> Response:
        return Response(
            {"who_may_message": selectors.who_may_message(user=request.user)}
        )

    @extend_schema(
        summary="Change who may message me",
        description="`everyone`, `following` (people I follow) or `nobody`: who "
        "may open a direct room with me, message me in one, or add me to a group.",
        request=s.PreferenceSerializer,
        responses=s.PreferenceSerializer,
    )
    def patch(self, request: Request) -> Response:
        data = _valid(s.PreferenceSerializer, request.data)
        preference = services.chat_preference_update(
            user=request.user, who_may_message=data["who_may_message"]
        )
        return Response({"who_may_message": preference.who_may_message})
