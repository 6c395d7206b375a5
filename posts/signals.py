"""Signals the posts services send, for apps above posts (search) to follow."""

from django.dispatch import Signal

# Sent with `post_id` inside the service's transaction, after a post's title,
# body, hashtags, comments, board or visibility changed.
post_search_changed = Signal()
