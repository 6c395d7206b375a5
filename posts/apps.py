from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = _("Posts")

    def ready(self) -> None:
        from posts import (
            notifications,  # noqa: F401  (registers target visibility)
            profile,  # noqa: F401  (the profile page's posts)
            read_cache,  # noqa: F401  (drops cached reads on changes)
        )
