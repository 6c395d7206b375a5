import pytest
from django.urls import reverse

from accounts.models import BIO_MAX_LENGTH, Follow
from accounts.services import user_follow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_settings_profile_url_names():
    assert reverse("accounts:settings-profile") == "/settings/profile"
    assert reverse("accounts:settings-notifications") == "/settings/notifications"
    assert reverse("accounts:profile", args=["mei"]) == "/u/mei"


def test_settings_page_shows_current_values(client, user):
    user.bio = "About me"
    user.save()
    client.force_login(user)

    response = client.get(reverse("accounts:settings-profile"))

    assert response.status_code == 200
    html = response.content.decode()
    assert user.nickname in html
    assert "About me" in html
    assert 'href="/settings/notifications"' in html


def test_settings_page_saves_nickname_and_bio(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:settings-profile"), {"nickname": "Mei", "bio": "Hi there"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.nickname, user.bio) == ("Mei", "Hi there")


def test_settings_page_shows_field_errors_for_too_long_values(client, user):
    client.force_login(user)
    before = user.nickname

    response = client.post(
        reverse("accounts:settings-profile"),
        {"nickname": "n" * 51, "bio": "b" * (BIO_MAX_LENGTH + 1)},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "nickname" in form.errors
    assert "bio" in form.errors
    user.refresh_from_db()
    assert user.nickname == before
    assert user.bio == ""


def test_settings_page_changes_only_the_logged_in_user(client, user, other_user):
    client.force_login(user)
    other_nickname = other_user.nickname

    client.post(
        reverse("accounts:settings-profile"),
        {"nickname": "Mine", "username": other_user.username, "id": other_user.pk},
    )

    other_user.refresh_from_db()
    assert other_user.nickname == other_nickname


def test_settings_page_redirects_anonymous_to_login(client):
    response = client.get(reverse("accounts:settings-profile"))

    assert response.status_code == 302
    assert "next=/settings/profile" in response["Location"]


def test_public_profile_page_shows_profile(client, user):
    user.bio = "Line one\n<script>alert(1)</script>"
    user.save()
    user_follow(follower=UserFactory(), followee=user)

    response = client.get(f"/u/{user.username}")

    assert response.status_code == 200
    html = response.content.decode()
    assert user.display_name in html
    assert f"@{user.username}" in html
    assert "Line one<br>&lt;script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "1 follower" in html
    assert "0 following" in html
    assert "has not posted anything yet" in html
    assert str(user.date_joined.year) in html


def test_public_profile_page_of_unknown_user_is_404(client):
    assert client.get("/u/nobody-here").status_code == 404


def test_profile_page_offers_follow_then_unfollow(client, user, other_user):
    client.force_login(user)
    page = client.get(f"/u/{other_user.username}").content.decode()
    assert f'action="/u/{other_user.username}/follow"' in page

    response = client.post(f"/u/{other_user.username}/follow")

    assert response.status_code == 302
    assert response["Location"] == f"/u/{other_user.username}"
    assert Follow.objects.filter(follower=user, followee=other_user).exists()
    page = client.get(f"/u/{other_user.username}").content.decode()
    assert f'action="/u/{other_user.username}/unfollow"' in page

    client.post(f"/u/{other_user.username}/unfollow")
    assert not Follow.objects.exists()


def test_own_profile_page_has_no_follow_button(client, user):
    client.force_login(user)

    page = client.get(f"/u/{user.username}").content.decode()

    assert "/follow" not in page.replace("/followers", "").replace("/following", "")


def test_following_yourself_through_the_page_shows_an_error(client, user):
    client.force_login(user)

    response = client.post(f"/u/{user.username}/follow", follow=True)

    assert "You cannot follow yourself." in response.content.decode()
    assert not Follow.objects.exists()


def test_follow_page_action_needs_post(client, user, other_user):
    client.force_login(user)

    response = client.get(f"/u/{other_user.username}/follow")

    assert response.status_code == 405
    assert not Follow.objects.exists()


def test_anonymous_follow_redirects_to_login(client, other_user):
    response = client.post(f"/u/{other_user.username}/follow")

    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert not Follow.objects.exists()


def test_htmx_follow_returns_the_updated_follow_box_only(client, user, other_user):
    client.force_login(user)

    response = client.post(f"/u/{other_user.username}/follow", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="follow-box"' in html
    assert f'action="/u/{other_user.username}/unfollow"' in html
    assert "1 follower" in html
    assert "<html" not in html


def test_htmx_self_follow_shows_the_error_in_the_box(client, user):
    client.force_login(user)

    response = client.post(f"/u/{user.username}/follow", HTTP_HX_REQUEST="true")

    assert "You cannot follow yourself." in response.content.decode()
    assert not Follow.objects.exists()


def test_followers_page_lists_followers_paginated(client, user, settings):
    followers = UserFactory.create_batch(3)
    for follower in followers:
        user_follow(follower=follower, followee=user)

    from accounts import views

    original = views.FOLLOW_LIST_PAGE_SIZE
    views.FOLLOW_LIST_PAGE_SIZE = 2
    try:
        first = client.get(f"/u/{user.username}/followers").content.decode()
        second = client.get(f"/u/{user.username}/followers?page=2").content.decode()
    finally:
        views.FOLLOW_LIST_PAGE_SIZE = original

    assert f"/u/{followers[2].username}" in first
    assert f"/u/{followers[1].username}" in first
    assert f"/u/{followers[0].username}" not in first
    assert 'rel="next"' in first
    assert f"/u/{followers[0].username}" in second


def test_following_page_shows_empty_state(client, user):
    response = client.get(f"/u/{user.username}/following")

    assert response.status_code == 200
    assert "does not follow anyone yet" in response.content.decode()


def test_follow_list_page_query_count(django_assert_max_num_queries, client, user):
    for other in UserFactory.create_batch(12):
        user_follow(follower=other, followee=user)

    with django_assert_max_num_queries(4):
        response = client.get(f"/u/{user.username}/followers")

    assert response.content.decode().count('class="handle"') == 12


def test_settings_page_lists_linked_accounts(client, user):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(user=user, provider="google", uid="g-1")
    client.force_login(user)

    html = client.get(reverse("accounts:settings-profile")).content.decode()

    assert "Linked accounts" in html
    assert "Google" in html
