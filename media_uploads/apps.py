from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaUploadsConfig(AppConfig):
    name = "media_uploads"
    verbose_name = _("Media uploads")
