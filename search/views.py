"""The search page: tabs with counts, filters for posts, one page of results."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.forms import SearchForm
from search.selectors import SearchType, search_run


def search_index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context: dict = {"form": form, "types": list(SearchType)}
    if form.is_valid() and form.cleaned_data["q"].strip():
        page = form.cleaned_data["page"] or 1
        viewer = request.user if request.user.is_authenticated else None
        context["query"] = form.cleaned_data["q"]
        context["page"] = page
        context["result"] = search_run(
            query=form.cleaned_data["q"],
            type=form.search_type(),
            filters=form.filters(),
            viewer=viewer,
            page=page,
        )
    return render(request, "search/index.html", context)
