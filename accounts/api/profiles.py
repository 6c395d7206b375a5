"""Profiles, follows and notification settings over the JSON API.

GET/PATCH /api/v1/me, GET/PATCH /api/v1/me/notification-settings,
GET /api/v1/users/<username>, POST/DELETE /api/v1/users/<username>/follow,
GET /api/v1/users/<username>/followers and /following.
Writes only ever act on the requesting user; no endpoint takes another
member's id for a write.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.models import BIO_MAX_LENGTH, NotificationKind, User
from media_uploads.models import ImageSize

# --- Serializers ------------------------------------------------------------


class LinkedAccountSerializer(serializers.Serializer):
    provider = serializers.CharField(help_text="Sign-in provider, e.g. google.")
    date_joined = serializers.DateTimeField(help_text="When it was linked.")
    last_login = serializers.DateTimeField(help_text="Last sign-in through it.")


class UserSummarySerializer(serializers.ModelSerializer):
    """A member as shown in lists: handle, name and avatar."""

    avatar_url = serializers.SerializerMethodField(
        help_text="Square avatar, 320 px; null without one."
    )
    avatar_thumbnail_url = serializers.SerializerMethodField(
        help_text="Square avatar, 96 px; null without one."
    )

    class Meta:
        model = User
        fields = ["username", "nickname", "avatar_url", "avatar_thumbnail_url"]
        read_only_fields = fields

    def get_avatar_url(self, user: User) -> str | None:
        return user.avatar_size_url(ImageSize.DISPLAY, self.context.get("request"))

    def get_avatar_thumbnail_url(self, user: User) -> str | None:
        return user.avatar_size_url(ImageSize.THUMBNAIL, self.context.get("request"))


class PublicProfileSerializer(UserSummarySerializer):
    followers_count = serializers.IntegerField(read_only=True)
    following_count = serializers.IntegerField(read_only=True)
    is_following = serializers.BooleanField(
        source="is_followed_by_viewer",
        read_only=True,
        help_text="Whether the requesting user follows this member.",
    )

    class Meta(UserSummarySerializer.Meta):
        fields = [
            *UserSummarySerializer.Meta.fields,
            "bio",
            "date_joined",
            "followers_count",
            "following_count",
            "is_following",
        ]
        read_only_fields = fields


class MeSerializer(UserSummarySerializer):
    """The requesting member's own profile; nickname, bio and avatar are writable."""

    avatar = serializers.IntegerField(
        write_only=True,
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text=(
            "Id of an upload of kind `avatar` you made (POST /api/v1/images "
            "with kind=avatar); null removes the avatar."
        ),
    )
    linked_accounts = serializers.SerializerMethodField()
    nickname = serializers.CharField(
        max_length=User._meta.get_field("nickname").max_length,
        allow_blank=True,
        required=False,
    )
    bio = serializers.CharField(
        max_length=BIO_MAX_LENGTH,
        allow_blank=True,
        required=False,
        trim_whitespace=True,
        help_text="Plain text, shown as written (no HTML or Markdown).",
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "nickname",
            "bio",
            "avatar",
            "avatar_url",
            "avatar_thumbnail_url",
            "date_joined",
            "linked_accounts",
        ]
        read_only_fields = [
            "id",
            "username",
            "email",
            "avatar_url",
            "avatar_thumbnail_url",
            "date_joined",
        ]

    @extend_schema_field(LinkedAccountSerializer(many=True))
    def get_linked_accounts(self, user: User) -> list[dict]:
        return LinkedAccountSerializer(
            selectors.user_linked_accounts(user=user), many=True
        ).data


class FollowListItemSerializer(serializers.Serializer):
    user = UserSummarySerializer(read_only=True)
    followed_at = serializers.DateTimeField(source="created_at", read_only=True)
    is_following = serializers.BooleanField(
        source="is_followed_by_viewer",
        read_only=True,
        help_text="Whether the requesting user follows this member.",
    )


class FollowerItemSerializer(FollowListItemSerializer):
    user = UserSummarySerializer(source="follower", read_only=True)


class FollowingItemSerializer(FollowListItemSerializer):
    user = UserSummarySerializer(source="followee", read_only=True)


class NotificationSettingsSerializer(serializers.Serializer):
    """One boolean per notification kind; PATCH any subset of them."""

    def get_fields(self) -> dict:
        return {
            kind.value: serializers.BooleanField(required=False, help_text=kind.label)
            for kind in NotificationKind
        }

    def validate(self, attrs: dict) -> dict:
        unknown = sorted(set(self.initial_data) - set(NotificationKind.values))
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown notification kind.")] for name in unknown}
            )
        return attrs


# --- Views ------------------------------------------------------------------


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_retrieve",
        summary="My profile",
        responses={200: MeSerializer},
        tags=["profiles"],
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user, context={"request": request}).data)

    @extend_schema(
        operation_id="me_partial_update",
        summary="Change my profile",
        request=MeSerializer,
        responses={200: MeSerializer},
        tags=["profiles"],
    )
    def patch(self, request: Request) -> Response:
        serializer = MeSerializer(
            request.user, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if "avatar" in changes:
            changes["avatar_upload_id"] = changes.pop("avatar")
        user = services.user_profile_update(user=request.user, **changes)
        return Response(MeSerializer(user, context={"request": request}).data)


class NotificationSettingsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_notification_settings_retrieve",
        summary="My notification switches",
        responses={200: NotificationSettingsSerializer},
        tags=["profiles"],
    )
    def get(self, request: Request) -> Response:
        return Response(selectors.notification_settings_get(user=request.user))

    @extend_schema(
        operation_id="me_notification_settings_partial_update",
        summary="Turn notification kinds on or off",
        request=NotificationSettingsSerializer,
        responses={
            200: NotificationSettingsSerializer,
            400: OpenApiResponse(description="Unknown kind or not a boolean."),
        },
        tags=["profiles"],
    )
    def patch(self, request: Request) -> Response:
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        current = services.notification_settings_update(
            user=request.user, changes=serializer.validated_data
        )
        return Response(current)


class UserProfileView(APIView):
    @extend_schema(
        operation_id="users_retrieve",
        summary="A member's public profile",
        responses={200: PublicProfileSerializer},
        tags=["profiles"],
    )
    def get(self, request: Request, username: str) -> Response:
        profile = selectors.user_profile_get(username=username, viewer=request.user)
        return Response(
            PublicProfileSerializer(profile, context={"request": request}).data
        )


class UserFollowView(APIView):
    permission_classes = [IsAuthenticated]

    def _profile_response(self, request: Request, username: str) -> Response:
        profile = selectors.user_profile_get(username=username, viewer=request.user)
        return Response(
            PublicProfileSerializer(profile, context={"request": request}).data
        )

    @extend_schema(
        operation_id="users_follow_create",
        summary="Follow a member",
        description="Following someone you already follow changes nothing.",
        request=None,
        responses={
            200: PublicProfileSerializer,
            400: OpenApiResponse(description="You cannot follow yourself."),
        },
        tags=["profiles"],
    )
    def post(self, request: Request, username: str) -> Response:
        followee = selectors.user_active_get(username=username)
        services.user_follow(follower=request.user, followee=followee)
        return self._profile_response(request, username)

    @extend_schema(
        operation_id="users_follow_destroy",
        summary="Unfollow a member",
        description="Unfollowing someone you do not follow changes nothing.",
        request=None,
        responses={200: PublicProfileSerializer},
        tags=["profiles"],
    )
    def delete(self, request: Request, username: str) -> Response:
        followee = selectors.user_active_get(username=username)
        services.user_unfollow(follower=request.user, followee=followee)
        return self._profile_response(request, username)


@extend_schema_view(
    get=extend_schema(
        operation_id="users_followers_list",
        summary="Who follows a member",
        description=(
            "Most recent follow first; cursor pagination. An unknown username "
            "answers 404 (not_found)."
        ),
        tags=["profiles"],
    )
)
class UserFollowersView(ListAPIView):
    serializer_class = FollowerItemSerializer

    def get_queryset(self):
        user = selectors.user_active_get(username=self.kwargs["username"])
        return selectors.user_follow_list(
            user=user,
            direction=selectors.FollowDirection.FOLLOWERS,
            viewer=self.request.user,
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="users_following_list",
        summary="Whom a member follows",
        description=(
            "Most recent follow first; cursor pagination. An unknown username "
            "answers 404 (not_found)."
        ),
        tags=["profiles"],
    )
)
class UserFollowingView(ListAPIView):
    serializer_class = FollowingItemSerializer

    def get_queryset(self):
        user = selectors.user_active_get(username=self.kwargs["username"])
        return selectors.user_follow_list(
            user=user,
            direction=selectors.FollowDirection.FOLLOWING,
            viewer=self.request.user,
        )
