"""Helpers of the HTML pages: pagination, and answering a KaigonError in one
place, never with a 500.

A form view puts the error on its fields (`add_form_errors`); an action view
(react, bookmark, subscribe…) wears `@page_errors`, which turns the error into
a message: inline for htmx, a flash message and a redirect back otherwise,
or an error page for a GET.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
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


def add_form_errors(form: forms.Form, error: KaigonError) -> None:
    """Field errors go under their fields; the rest above the form."""
    placed = False
    for name, field_messages in error.field_messages().items():
        target = name if name in form.fields else None
        for message in field_messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


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
    if request.method == "GET":
        return render(
            request, "forum_error.html", {"error": error}, status=error.status
        )
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
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except KaigonError as error:
            return error_response(request, error)

    return wrapper
