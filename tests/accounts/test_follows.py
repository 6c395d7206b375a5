import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import translation

from accounts import selectors
from accounts.errors import SelfFollow
from accounts.models import Follow, User
from accounts.services import user_follow, user_unfollow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_follow_creates_one_follow(user, other_user):
    follow = user_follow(follower=user, followee=other_user)

    assert follow.follower == user
    assert follow.followee == other_user
    assert Follow.objects.count() == 1


def test_following_twice_is_harmless(user, other_user):
    first = user_follow(follower=user, followee=other_user)
    second = user_follow(follower=user, followee=other_user)

    assert first.pk == second.pk
    assert Follow.objects.filter(follower=user, followee=other_user).count() == 1


def test_cannot_follow_yourself(user):
    with pytest.raises(SelfFollow) as excinfo:
        user_follow(follower=user, followee=user)

    with translation.override("en"):
        assert excinfo.value.message == "You cannot follow yourself."
    assert not Follow.objects.exists()


def test_database_rejects_a_duplicate_follow(user, other_user):
    Follow.objects.create(follower=user, followee=other_user)

    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=user, followee=other_user)


def test_database_rejects_a_self_follow(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=user, followee=user)


def test_unfollow_removes_the_follow(user, other_user):
    user_follow(follower=user, followee=other_user)

    assert user_unfollow(follower=user, followee=other_user) is True
    assert not Follow.objects.exists()


def test_unfollowing_someone_not_followed_is_harmless(user, other_user):
    assert user_unfollow(follower=user, followee=other_user) is False


def test_unfollow_does_not_touch_the_reverse_follow(user, other_user):
    user_follow(follower=user, followee=other_user)
    user_follow(follower=other_user, followee=user)

    user_unfollow(follower=user, followee=other_user)

    assert list(Follow.objects.values_list("follower", "followee")) == [
        (other_user.pk, user.pk)
    ]


def test_profile_counts_match_a_recount_after_follows_unfollows_and_deletion():
    people = UserFactory.create_batch(6)
    for follower in people:
        for followee in people:
            if follower != followee and (follower.pk + followee.pk) % 3:
                user_follow(follower=follower, followee=followee)
    user_follow(follower=people[0], followee=people[1])  # repeat: no change
    user_unfollow(follower=people[1], followee=people[2])
    user_unfollow(follower=people[2], followee=people[3])
    people[5].delete()

    recount = User.objects.annotate(
        n_followers=Count("follower_links", distinct=True),
        n_following=Count("following_links", distinct=True),
    )
    for person in recount:
        profile = selectors.user_profile_get(username=person.username)
        assert profile.followers_count == person.n_followers, person.username
        assert profile.following_count == person.n_following, person.username
    assert sum(p.n_followers for p in recount) == Follow.objects.count()
    assert Follow.objects.count() > 0


# --- API -------------------------------------------------------------------


def test_api_follow_and_unfollow(user_api_client, user, other_user):
    url = f"/api/v1/users/{other_user.username}/follow"

    response = user_api_client.post(url)
    assert response.status_code == 200
    assert response.json()["is_following"] is True
    assert response.json()["followers_count"] == 1
    assert Follow.objects.filter(follower=user, followee=other_user).exists()

    response = user_api_client.delete(url)
    assert response.status_code == 200
    assert response.json()["is_following"] is False
    assert response.json()["followers_count"] == 0
    assert not Follow.objects.exists()


def test_api_follow_twice_is_harmless(user_api_client, other_user):
    url = f"/api/v1/users/{other_user.username}/follow"

    user_api_client.post(url)
    response = user_api_client.post(url)

    assert response.status_code == 200
    assert Follow.objects.count() == 1


def test_api_follow_yourself_is_a_clear_400(user_api_client, user):
    response = user_api_client.post(f"/api/v1/users/{user.username}/follow")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["username"] == ["You cannot follow yourself."]
    assert not Follow.objects.exists()


def test_api_follow_unknown_user_is_404(user_api_client):
    response = user_api_client.post("/api/v1/users/nobody-here/follow")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method", ["post", "delete"])
def test_api_follow_needs_login(api_client, other_user, method):
    response = getattr(api_client, method)(
        f"/api/v1/users/{other_user.username}/follow"
    )

    assert response.status_code == 401
    assert not Follow.objects.exists()


def test_api_follow_always_acts_as_the_requester(user_api_client, user, other_user):
    third = UserFactory()

    response = user_api_client.post(
        f"/api/v1/users/{third.username}/follow",
        {"follower": other_user.username, "follower_id": other_user.pk},
        format="json",
    )

    assert response.status_code == 200
    assert list(Follow.objects.values_list("follower", "followee")) == [
        (user.pk, third.pk)
    ]


def test_api_unfollow_cannot_end_someone_elses_follow(
    user_api_client, user, other_user
):
    third = UserFactory()
    user_follow(follower=other_user, followee=third)

    user_api_client.delete(
        f"/api/v1/users/{third.username}/follow",
        {"follower": other_user.username},
        format="json",
    )

    assert Follow.objects.filter(follower=other_user, followee=third).exists()


def test_session_follow_without_csrf_token_is_refused(user, other_user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(f"/api/v1/users/{other_user.username}/follow")

    assert response.status_code == 403
    assert not Follow.objects.exists()


def test_followers_list_is_newest_first_and_paginated(api_client, user):
    followers = UserFactory.create_batch(3)
    for follower in followers:
        user_follow(follower=follower, followee=user)

    response = api_client.get(
        f"/api/v1/users/{user.username}/followers", {"page_size": 2}
    )

    assert response.status_code == 200
    body = response.json()
    assert [item["user"]["username"] for item in body["results"]] == [
        followers[2].username,
        followers[1].username,
    ]
    assert body["next"]
    rest = api_client.get(body["next"]).json()
    assert [item["user"]["username"] for item in rest["results"]] == [
        followers[0].username
    ]
    assert rest["next"] is None


def test_following_list_shows_whom_the_user_follows(api_client, user):
    followees = UserFactory.create_batch(2)
    for followee in followees:
        user_follow(follower=user, followee=followee)

    body = api_client.get(f"/api/v1/users/{user.username}/following").json()

    assert {item["user"]["username"] for item in body["results"]} == {
        f.username for f in followees
    }
    first = body["results"][0]
    assert set(first) == {"user", "followed_at", "is_following"}
    assert set(first["user"]) == {
        "username",
        "nickname",
        "avatar_url",
        "avatar_thumbnail_url",
    }


def test_follow_list_tells_the_viewer_whom_they_follow(user_api_client, user):
    star = UserFactory()
    a, b = UserFactory.create_batch(2)
    user_follow(follower=a, followee=star)
    user_follow(follower=b, followee=star)
    user_follow(follower=user, followee=a)

    body = user_api_client.get(f"/api/v1/users/{star.username}/followers").json()

    flags = {item["user"]["username"]: item["is_following"] for item in body["results"]}
    assert flags == {a.username: True, b.username: False}


def test_follow_lists_of_unknown_user_are_404(api_client):
    for which in ("followers", "following"):
        response = api_client.get(f"/api/v1/users/nobody-here/{which}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_follow_lists_leave_out_deactivated_members(api_client, user):
    gone = UserFactory()
    user_follow(follower=gone, followee=user)
    gone.is_active = False
    gone.save()

    body = api_client.get(f"/api/v1/users/{user.username}/followers").json()

    assert body["results"] == []


@pytest.mark.parametrize("which", ["followers", "following"])
def test_follow_list_query_count_does_not_grow_with_rows(
    django_assert_max_num_queries, user, which
):
    from rest_framework.test import APIClient

    viewer = UserFactory()
    for other in UserFactory.create_batch(15):
        if which == "followers":
            user_follow(follower=other, followee=user)
        else:
            user_follow(follower=user, followee=other)
        user_follow(follower=viewer, followee=other)
    client = APIClient()
    client.force_authenticate(viewer)

    with django_assert_max_num_queries(4):
        response = client.get(f"/api/v1/users/{user.username}/{which}")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 15
    assert all(item["is_following"] for item in response.json()["results"])


def test_public_profile_query_count(django_assert_max_num_queries, api_client, user):
    for other in UserFactory.create_batch(5):
        user_follow(follower=other, followee=user)

    with django_assert_max_num_queries(2):
        response = api_client.get(f"/api/v1/users/{user.username}")

    assert response.json()["followers_count"] == 5


def test_follows_are_listed_in_admin(client, user, other_user):
    admin = UserFactory(is_staff=True, is_superuser=True)
    user_follow(follower=user, followee=other_user)
    client.force_login(admin)

    response = client.get("/admin/accounts/follow/")

    assert response.status_code == 200
    assert user.username in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_parallel_follows_of_the_same_pair_make_one_row():
    import threading

    from django.db import connection

    from tests.availability import missing

    if connection.vendor == "sqlite":
        # The in-memory test database locks whole tables between threads.
        missing(
            "A database server for parallel connections",
            "run with DATABASE_URL=mysql://root@127.0.0.1:3306/kaigon_test",
        )
    follower, followee = UserFactory(), UserFactory()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def follow() -> None:
        try:
            barrier.wait()
            user_follow(follower=follower, followee=followee)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=follow) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Follow.objects.filter(follower=follower, followee=followee).count() == 1


def test_counts_leave_out_deactivated_members_like_the_lists(api_client, user):
    gone, staying = UserFactory(), UserFactory()
    user_follow(follower=gone, followee=user)
    user_follow(follower=staying, followee=user)
    user_follow(follower=user, followee=gone)
    gone.is_active = False
    gone.save()

    profile = api_client.get(f"/api/v1/users/{user.username}").json()
    followers = api_client.get(f"/api/v1/users/{user.username}/followers").json()

    assert profile["followers_count"] == len(followers["results"]) == 1
    assert profile["following_count"] == 0
