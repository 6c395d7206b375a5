"""Board pages: the list of boards and one board's posts."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from boards import selectors, services
from kaigon.pages import back_url, page_errors, paginate
from posts import selectors as post_selectors
from posts.selectors import PostSort
from posts.views import post_refusal


def board_index(request: HttpRequest) -> HttpResponse:
    boards = selectors.board_list(viewer=request.user)
    return render(request, "boards/index.html", {"boards": boards})


@page_errors
def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board = selectors.board_get(slug=slug, viewer=request.user)
    sort = request.GET.get("sort", PostSort.ACTIVITY)
    if sort not in PostSort.CHOICES:
        sort = PostSort.ACTIVITY
    posts = post_selectors.post_list(viewer=request.user, board=board, sort=sort)
    context = {
        "board": board,
        "sort": sort,
        "page_obj": paginate(request, posts),
        "refusal": post_refusal(board=board, user=request.user),
        "show_real_authors": selectors.board_is_moderator(
            board=board, user=request.user
        ),
    }
    return render(request, "boards/detail.html", context)


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
    return redirect(back_url(request, reverse("boards:detail", args=[board.slug])))
