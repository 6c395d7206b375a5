from django.apps import AppConfig


class KaigonConfig(AppConfig):
    name = "kaigon"
    verbose_name = "Kaigon"
