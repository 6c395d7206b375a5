"""Reads of accounts: public profiles, follow lists, notification settings."""

from django.apps import apps
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.errors import MemberNotFound
from accounts.models import Follow, NotificationKind, NotificationSetting, User


def _viewer_follows(viewer: User | None, user_ref: OuterRef) -> Value | Exists:
    if viewer is None or not viewer.is_authenticated:
        return Value(False, output_field=BooleanField())
    return Exists(Follow.objects.filter(follower_id=viewer.pk, followee_id=user_ref))


def user_profile_get(*, username: str, viewer: User | None = None) -> User:
    """An active member by handle, with follower/following counts; 404 if none.

    Counts are annotated rather than stored: nothing can drift when a member
    is deleted, deactivated or a row is saved whole, and both counts use an
    index. Like the lists, they leave out deactivated members.
    """
    followers = (
        Follow.objects.filter(followee_id=OuterRef("pk"), follower__is_active=True)
        .order_by()
        .values("followee_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    following = (
        Follow.objects.filter(follower_id=OuterRef("pk"), followee__is_active=True)
        .order_by()
        .values("follower_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = (
        User.objects.filter(is_active=True)
        .select_related("avatar__image")
        .annotate(
            followers_count=_coalesce_zero(followers),
            following_count=_coalesce_zero(following),
            is_followed_by_viewer=_viewer_follows(viewer, OuterRef("pk")),
        )
    )
    return _by_username(queryset, username)


def _coalesce_zero(subquery: QuerySet) -> Coalesce:
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def user_active_get(*, username: str) -> User:
    """An active member by handle, or 404."""
    return _by_username(User.objects.filter(is_active=True), username)


def _by_username(queryset: QuerySet[User], username: str) -> User:
    """Exact handle first, then any letter case (MySQL compares without case
    anyway; this gives SQLite the same answer). MemberNotFound when there is none."""
    user = queryset.filter(username=username).first()
    if user is None:
        user = queryset.filter(username__iexact=username).order_by("pk").first()
    if user is None:
        raise MemberNotFound()
    return user


class FollowDirection(TextChoices):
    FOLLOWERS = "followers"  # who follows the user
    FOLLOWING = "following"  # whom the user follows

    @property
    def person_field(self) -> str:
        """The side of a Follow row that is the listed person."""
        return "follower" if self is FollowDirection.FOLLOWERS else "followee"


def user_follow_list(
    *, user: User, direction: FollowDirection, viewer: User | None = None
) -> QuerySet[Follow]:
    """Follow rows of the people on one side of `user`, newest first.

    Each row has the listed person (`direction.person_field`) loaded and
    `is_followed_by_viewer` about that person; deactivated people are left out.
    """
    person = direction.person_field
    own_side = "followee" if person == "follower" else "follower"
    return (
        Follow.objects.filter(**{own_side: user, f"{person}__is_active": True})
        .select_related(f"{person}__avatar__image")
        .annotate(
            is_followed_by_viewer=_viewer_follows(viewer, OuterRef(f"{person}_id"))
        )
        .order_by("-pk")
    )


def notification_settings_get(*, user: User) -> dict[str, bool]:
    """Every notification kind with its switch for `user` (on unless turned off)."""
    stored = dict(
        NotificationSetting.objects.filter(user=user).values_list("kind", "enabled")
    )
    return {kind: stored.get(kind, True) for kind in NotificationKind.values}


def notification_enabled(*, user: User, kind: str) -> bool:
    """Whether `user` wants notifications of `kind` (default: yes)."""
    return not NotificationSetting.objects.filter(
        user=user, kind=kind, enabled=False
    ).exists()


def users_with_notification_enabled(
    *, users: QuerySet[User], kind: str
) -> QuerySet[User]:
    """`users` narrowed to those who have not turned `kind` off (for fan-out)."""
    turned_off = NotificationSetting.objects.filter(
        user_id=OuterRef("pk"), kind=kind, enabled=False
    )
    return users.exclude(Exists(turned_off))


def user_linked_accounts(*, user: User) -> list:
    """The member's social logins (allauth `SocialAccount`s), oldest first."""
    if not apps.is_installed("allauth.socialaccount"):
        return []
    from allauth.socialaccount.models import SocialAccount

    return list(SocialAccount.objects.filter(user=user).order_by("pk"))
