"""The "My images" page: upload with the widget, see and delete my uploads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from media_uploads import selectors, services
from media_uploads.exceptions import UploadInUse

MY_IMAGES_PAGE_SIZE = 24


@login_required
def my_images(request: HttpRequest) -> HttpResponse:
    uploads = selectors.upload_list_for_owner(owner=request.user)
    page = Paginator(uploads, MY_IMAGES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "media_uploads/my_images.html",
        {
            "page": page,
            "max_per_hour": settings.KAIGON_UPLOAD_MAX_PER_HOUR,
        },
    )


@login_required
@require_POST
def image_delete(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = selectors.upload_get_for_owner(owner=request.user, upload_id=upload_id)
    try:
        services.upload_delete(upload=upload, actor=request.user)
    except UploadInUse as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The image was deleted."))
    return redirect("media_uploads:my-images")
