from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from media_uploads import selectors, services
from media_uploads.models import ImageSize, Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    """Uploads with their thumbnails; deleting one removes its files too."""

    list_display = (
        "id",
        "thumbnail",
        "owner",
        "kind",
        "dimensions",
        "size",
        "content_type",
        "is_attached",
        "created",
    )
    list_display_links = ("id", "thumbnail")
    list_filter = ("kind", "image__content_type", "created")
    list_select_related = ("owner", "image")
    search_fields = ("owner__username", "owner__email", "image__sha256")
    ordering = ("-id",)
    fields = (
        "preview",
        "owner",
        "kind",
        "dimensions",
        "size",
        "content_type",
        "sha256",
        "keys",
        "created",
        "attached_at",
        "unreferenced_since",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Upload]:
        return super().get_queryset(request).select_related("owner", "image")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only the upload pipeline makes uploads

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Upload) -> None:
        services.upload_delete(upload=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Upload]) -> None:
        for upload in queryset:
            services.upload_delete(upload=upload, actor=request.user)

    @admin.display(description=_("thumbnail"))
    def thumbnail(self, upload: Upload) -> str:
        _key, width, height, _bytes = upload.image.size_info(ImageSize.THUMBNAIL)
        scale = min(1.0, 80 / max(width, height))
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
            selectors.upload_url(upload=upload, size=ImageSize.THUMBNAIL),
            round(width * scale),
            round(height * scale),
        )

    @admin.display(description=_("preview"))
    def preview(self, upload: Upload) -> str:
        _key, width, height, _bytes = upload.image.size_info(ImageSize.DISPLAY)
        scale = min(1.0, 480 / max(width, height))
        return format_html(
            '<a href="{}"><img src="{}" width="{}" height="{}" alt=""></a>',
            selectors.upload_url(upload=upload, size=ImageSize.ORIGINAL),
            selectors.upload_url(upload=upload, size=ImageSize.DISPLAY),
            round(width * scale),
            round(height * scale),
        )

    @admin.display(description=_("dimensions"))
    def dimensions(self, upload: Upload) -> str:
        return f"{upload.image.width} x {upload.image.height}"

    @admin.display(description=_("size"), ordering="image__bytes")
    def size(self, upload: Upload) -> str:
        return filesizeformat(upload.image.bytes)

    @admin.display(description=_("content type"), ordering="image__content_type")
    def content_type(self, upload: Upload) -> str:
        return upload.image.content_type

    @admin.display(description=_("hash"))
    def sha256(self, upload: Upload) -> str:
        return upload.image.sha256

    @admin.display(description=_("storage keys"))
    def keys(self, upload: Upload) -> str:
        return ", ".join(upload.image.keys)

    @admin.display(description=_("attached"), boolean=True)
    def is_attached(self, upload: Upload) -> bool:
        return upload.is_attached
