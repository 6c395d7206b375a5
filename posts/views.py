from django.http import Http404, HttpRequest, HttpResponse


def tag_detail(request: HttpRequest, tag: str) -> HttpResponse:
    raise Http404  # the tag page arrives with the post selectors
