"""The following feed page (/feed/); the API is posts.api.feed."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from posts import selectors

PAGE_SIZE = 20


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    """Newest first; `?before=<post id>` is the cursor of the next page."""
    posts = selectors.post_list_feed(user=request.user)
    before = request.GET.get("before", "")
    if before.isdigit():
        posts = posts.filter(pk__lt=int(before))
    page = list(posts[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    return render(
        request,
        "posts/feed.html",
        {"posts": page, "next_before": page[-1].pk if more else None},
    )
