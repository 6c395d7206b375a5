from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.auth import receivers  # noqa: F401  (connects allauth signals)

        post_migrate.connect(_site_sync, sender=self)


def _site_sync(**kwargs) -> None:
    from accounts.auth.services import site_sync

    site_sync(using=kwargs.get("using", "default"))
