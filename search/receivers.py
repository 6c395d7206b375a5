"""Keep the index in step with the forum and with members' accounts."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from posts.signals import post_search_changed
from search.services import member_index_update, post_index_update


@receiver(post_search_changed, dispatch_uid="search.post_index_update")
def _post_changed(sender: Any, *, post_id: int, **kwargs: Any) -> None:
    post_index_update(post_id=post_id)


@receiver(post_save, sender=User, dispatch_uid="search.member_index_update")
def _member_saved(
    sender: Any, *, instance: User, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    # Deactivation (admin, account deletion) saves the whole row or is_active;
    # a login saves last_login only and costs nothing here.
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    member_index_update(user=instance)
