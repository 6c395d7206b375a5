from rest_framework.pagination import CursorPagination, PageNumberPagination


class DefaultCursorPagination(CursorPagination):
    """Feeds and long lists: stable under inserts, no page counting."""

    ordering = "-pk"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class NumberedPagination(PageNumberPagination):
    """Where a person jumps to a page by number."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
