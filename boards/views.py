"""Board pages: the list of boards, subscribing (a board's posts: posts.views)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from boards import selectors, services
from kaigon.pages import back_url, page_errors


def board_index(request: HttpRequest) -> HttpResponse:
    boards = selectors.board_list(viewer=request.user)
    return render(request, "boards/index.html", {"boards": boards})


@login_required
@require_POST
@page_errors
def board_subscription(request: HttpRequest, slug: str) -> HttpResponse:
    board = selectors.board_get(slug=slug, viewer=request.user)
    if request.POST.get("on") == "1":
        services.board_subscribe(board=board, user=request.user)
    else:
        services.board_unsubscribe(board=board, user=request.user)
    if request.htmx:
        board = selectors.board_get(slug=slug, viewer=request.user)
        return render(request, "boards/_subscribe.html", {"board": board})
    return redirect(back_url(request, reverse("posts:board", args=[board.slug])))
