"""Pages for profiles, follows and notification settings.

Writes act only on request.user; the follow forms name the member to follow
in the URL, never the follower.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import NotificationSettingsForm, ProfileForm
from accounts.selectors import FollowDirection
from kaigon.pages import paginate
from posts import selectors as post_selectors

FOLLOW_LIST_PAGE_SIZE = 30


def profile_detail(request: HttpRequest, username: str) -> HttpResponse:
    profile = selectors.user_profile_get(username=username, viewer=request.user)
    posts = post_selectors.user_post_list(author=profile, viewer=request.user)
    context = {"profile": profile, "page_obj": paginate(request, posts)}
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def profile_follow(request: HttpRequest, username: str) -> HttpResponse:
    followee = selectors.user_active_get(username=username)
    try:
        services.user_follow(follower=request.user, followee=followee)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        if request.htmx:
            # htmx swaps only 2xx answers; the error shows inside the box.
            return _follow_box(request, username, follow_error=error)
        messages.error(request, error)
    return _back_to_profile(request, username)


@login_required
@require_POST
def profile_unfollow(request: HttpRequest, username: str) -> HttpResponse:
    followee = selectors.user_active_get(username=username)
    services.user_unfollow(follower=request.user, followee=followee)
    return _back_to_profile(request, username)


def _back_to_profile(request: HttpRequest, username: str) -> HttpResponse:
    if request.htmx:
        return _follow_box(request, username)
    return redirect("accounts:profile", username=username)


def _follow_box(
    request: HttpRequest, username: str, *, follow_error: str = ""
) -> HttpResponse:
    """The counts and follow button, for htmx to swap in place."""
    profile = selectors.user_profile_get(username=username, viewer=request.user)
    context = {"profile": profile, "follow_error": follow_error}
    return render(request, "accounts/_follow_box.html", context)


def profile_followers(request: HttpRequest, username: str) -> HttpResponse:
    return _follow_list(request, username, direction=FollowDirection.FOLLOWERS)


def profile_following(request: HttpRequest, username: str) -> HttpResponse:
    return _follow_list(request, username, direction=FollowDirection.FOLLOWING)


def _follow_list(
    request: HttpRequest, username: str, *, direction: FollowDirection
) -> HttpResponse:
    profile = selectors.user_profile_get(username=username, viewer=request.user)
    rows = selectors.user_follow_list(
        user=profile, direction=direction, viewer=request.user
    )
    if direction is FollowDirection.FOLLOWERS:
        title = _("People who follow %(name)s") % {"name": profile.display_name}
        empty = _("Nobody follows %(name)s yet.") % {"name": profile.display_name}
    else:
        title = _("People %(name)s follows") % {"name": profile.display_name}
        empty = _("%(name)s does not follow anyone yet.") % {
            "name": profile.display_name
        }
    page = Paginator(rows, FOLLOW_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    people = [(getattr(row, direction.person_field), row) for row in page]
    return render(
        request,
        "accounts/follow_list.html",
        {
            "profile": profile,
            "page": page,
            "people": people,
            "title": title,
            "empty_text": empty,
            "direction": direction,
        },
    )


@login_required
def settings_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.user_profile_update(user=user, **form.profile_changes())
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:settings-profile")
    else:
        form = ProfileForm(initial={"nickname": user.nickname, "bio": user.bio})
    context = {
        "form": form,
        "linked_accounts": selectors.user_linked_accounts(user=user),
    }
    return render(request, "accounts/settings_profile.html", context)


def _add_service_errors(form: ProfileForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        if field == "avatar":
            field = "avatar_upload_id"
        form.add_error(field if field in form.fields else None, errors)


@login_required
def settings_notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            services.notification_settings_update(
                user=request.user, changes=form.cleaned_data
            )
            messages.success(request, _("Your notification settings are saved."))
            return redirect("accounts:settings-notifications")
    else:
        form = NotificationSettingsForm(
            initial=selectors.notification_settings_get(user=request.user)
        )
    return render(request, "accounts/settings_notifications.html", {"form": form})
