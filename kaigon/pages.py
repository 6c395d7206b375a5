"""Helpers of the HTML pages: pagination, and answering a KaigonError from an
action without leaving the page.

A form view puts the error on its fields (`kaigon.forms.form_add_error`); an
action view (react, bookmark, subscribe…) wears `@page_errors`, which turns
the error of a POST into a message: inline for htmx, a flash message and a
redirect back otherwise. A GET's error reaches kaigon.middleware.ErrorMiddleware
(the styled error page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from kaigon.errors import KaigonError

PAGE_SIZE = 20


def paginate(request: HttpRequest, rows: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """One page of `rows` (a count and a slice: two queries), as a list."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def back_url(request: HttpRequest, default: str) -> str:
    """Where a no-JS action returns to: `next`, the referring page or `default`."""
    for candidate in (request.POST.get("next"), request.headers.get("referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return candidate
    return default


def error_response(request: HttpRequest, error: KaigonError) -> HttpResponse:
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx answers: show the message in the page's message area.
        response = render(request, "_message.html", {"error": error})
        response["HX-Retarget"] = "#forum-messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    messages.error(request, error.message)
    return redirect(back_url(request, "/"))


def page_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except KaigonError as error:
            if request.method in ("GET", "HEAD"):
                raise
            return error_response(request, error)

    return wrapper
