"""Signals accounts sends for the apps above it (which accounts cannot import).

`user_followed(sender=Follow, follow=...)`: a new follow, sent inside the
follow's transaction; notifications raises "new follower" from it.
"""

from django.dispatch import Signal

user_followed = Signal()
