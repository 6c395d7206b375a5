"""The chat pages. The conversation itself is drawn by chat/static/chat/chat.js
from the API and the socket; these views only check membership and run the
few actions that are plain forms (start a direct chat, create a group, join
with an invite), through the same services as the API."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.selectors import user_active_get
from chat import selectors, services
from kaigon.errors import KaigonError


def _chat_page(request: HttpRequest, room_id: int | None) -> HttpResponse:
    return render(
        request,
        "chat/index.html",
        {
            "room_id": room_id,
            "max_length": selectors.chat_message_max_length(),
        },
    )


@login_required
def chat_index(request: HttpRequest) -> HttpResponse:
    return _chat_page(request, None)


@login_required
def chat_room(request: HttpRequest, room_id: int) -> HttpResponse:
    # A non-member gets the same 404 as for a room that does not exist.
    selectors.membership_get(room_id=room_id, user=request.user)
    return _chat_page(request, room_id)


def _user_named(username: str) -> User:
    return user_active_get(username=username)


@login_required
@require_POST
def chat_direct(request: HttpRequest, username: str) -> HttpResponse:
    room, _created = services.room_direct_get_or_create(
        user=request.user, other=_user_named(username)
    )
    return redirect("chat:room", room_id=room.pk)


@login_required
@require_http_methods(["GET", "POST"])
def chat_group_new(request: HttpRequest) -> HttpResponse:
    context: dict = {"name": "", "members": "", "error": None}
    if request.method == "POST":
        context["name"] = request.POST.get("name", "")
        context["members"] = request.POST.get("members", "")
        usernames = [
            name.strip().lstrip("@")
            for name in context["members"].replace("\n", ",").split(",")
            if name.strip()
        ]
        try:
            members = [_user_named(name) for name in usernames]
            room = services.room_group_create(
                creator=request.user, name=context["name"], members=members
            )
        except KaigonError as error:
            # Bad names, unknown people, a full room: show it beside the form.
            if error.status >= 500:
                raise
            context["error"] = error.message
        else:
            return redirect("chat:room", room_id=room.pk)
    return render(request, "chat/group_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def chat_invite(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "POST":
        room, _joined = services.room_invite_accept(code=code, user=request.user)
        return redirect("chat:room", room_id=room.pk)
    _invite, room = services.room_invite_preview(code=code)
    is_member = selectors.is_room_member(room_id=room.pk, user=request.user)
    return render(
        request,
        "chat/invite.html",
        {"room": room, "code": code, "is_member": is_member},
    )
