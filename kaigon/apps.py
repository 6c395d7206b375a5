from django.apps import AppConfig


class KaigonConfig(AppConfig):
    name = "kaigon"
    verbose_name = "Kaigon"

    def ready(self) -> None:
        from kaigon import checks, metrics  # noqa: F401  (checks registers itself)

        metrics.connect_signals()
