from django.apps import AppConfig


class KaigonConfig(AppConfig):
    name = "kaigon"
    verbose_name = "Kaigon"

    def ready(self) -> None:
        from kaigon import metrics

        metrics.connect_signals()
