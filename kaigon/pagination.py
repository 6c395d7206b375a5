from rest_framework.pagination import CursorPagination


class DefaultCursorPagination(CursorPagination):
    """Feeds and long lists: stable under inserts, no page counting."""

    ordering = "-pk"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
