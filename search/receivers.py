"""Keep the index in step with the forum: the posts services send the signal."""

from typing import Any

from django.dispatch import receiver

from posts.signals import post_search_changed
from search.services import post_index_update


@receiver(post_search_changed, dispatch_uid="search.post_index_update")
def _post_changed(sender: Any, *, post_id: int, **kwargs: Any) -> None:
    post_index_update(post_id=post_id)
