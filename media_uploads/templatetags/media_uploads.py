"""Template helpers for uploads.

    {% load media_uploads %}
    {% upload_widget name="image_upload_id" kind="image" %}
    <img src="{% upload_url upload 'thumbnail' %}" alt="">

The widget is a file picker with drag-and-drop, a preview and a progress
bar. It posts the file to the upload API and puts the new upload's id into
a hidden input named `name`, so the surrounding form sends it; the page also
gets a bubbling `kaigon:upload` event whose `detail` is the Upload resource.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from media_uploads import selectors
from media_uploads.models import ImageSize, Upload, UploadKind

register = template.Library()


@register.inclusion_tag("media_uploads/upload_widget.html", takes_context=True)
def upload_widget(
    context: template.Context,
    name: str = "upload_id",
    kind: str = UploadKind.IMAGE,
    label: str = "",
    value: str = "",
    required: bool = False,
) -> dict:
    request = context.get("request")
    widget_number = 1
    if request is not None:
        # Unique ids when a page holds more than one widget.
        widget_number = getattr(request, "_upload_widget_count", 0) + 1
        request._upload_widget_count = widget_number
    return {
        "csrf_token": context.get("csrf_token"),
        "widget_id": f"upload-widget-{widget_number}",
        "name": name,
        "kind": UploadKind(kind).value,
        "label": label,
        "value": value,
        "required": required,
        "upload_url": reverse("api:images"),
        "max_bytes": settings.KAIGON_UPLOAD_MAX_BYTES,
        "max_size": filesizeformat(settings.KAIGON_UPLOAD_MAX_BYTES),
    }


@register.simple_tag
def upload_url(upload: Upload, size: str = ImageSize.DISPLAY) -> str:
    return selectors.upload_url(upload=upload, size=size)
