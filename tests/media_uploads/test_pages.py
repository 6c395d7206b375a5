"""The "My images" page, the upload widget's markup, and the admin."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from media_uploads import services
from media_uploads.models import Upload
from tests.factories import UserFactory
from tests.media_uploads import files
from tests.media_uploads.conftest import stored_files

pytestmark = pytest.mark.django_db

MY_IMAGES = "/images/"


def create(owner, size=(1600, 1000)):
    data = files.jpeg(size)
    return services.upload_create(
        owner=owner, file=files.upload_file(data, "a.jpg", "image/jpeg")
    )


def test_my_images_needs_a_login(client):
    response = client.get(MY_IMAGES)

    assert response.status_code == 302
    assert f"next={MY_IMAGES}" in response["Location"]


def test_my_images_shows_my_uploads_only(client, user, other_user):
    mine = create(user)
    theirs = create(other_user, size=(1700, 1000))
    client.force_login(user)

    response = client.get(MY_IMAGES)

    assert response.status_code == 200
    page = response.content.decode()
    assert mine.image.thumbnail_key in page
    assert theirs.image.thumbnail_key not in page
    assert reverse("media_uploads:delete", args=[mine.pk]) in page
    assert "1600 \u00d7 1000" in page


def test_upload_widget_markup_works_under_the_strict_csp(client, user):
    client.force_login(user)

    response = client.get(MY_IMAGES)

    page = response.content.decode()
    widget = re.search(r'<div class="upload-widget".*?</div>\s*<script', page, re.S)
    assert widget, "widget markup missing"
    markup = widget.group(0)
    assert 'data-upload-url="/api/v1/images"' in markup
    assert 'data-kind="image"' in markup
    assert 'type="file"' in markup
    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in markup
    assert 'type="hidden"' in markup and 'name="upload_id"' in markup
    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', markup)
    assert "/static/media_uploads/upload-widget.js" in page
    # CSP allows scripts and styles from files only.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page and " onload=" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_widget_tag_renders_an_avatar_widget_with_its_own_field():
    from django.template import engines
    from django.test import RequestFactory

    template = engines["django"].from_string(
        "{% load media_uploads %}"
        '{% upload_widget name="avatar_upload_id" kind="avatar" %}'
        '{% upload_widget name="cover" %}'
    )
    html = template.render({}, RequestFactory().get("/"))

    assert 'name="avatar_upload_id"' in html and 'data-kind="avatar"' in html
    assert "cropped to a square" in html
    assert 'id="upload-widget-1"' in html and 'id="upload-widget-2"' in html


def test_static_files_of_the_widget_exist(client):
    for name in ("upload-widget.js", "upload-widget.css", "my-images.js"):
        response = client.get(f"/static/media_uploads/{name}")
        assert response.status_code == 200, name


def test_owner_deletes_from_the_page(client, user):
    upload = create(user)
    client.force_login(user)

    response = client.post(reverse("media_uploads:delete", args=[upload.pk]))

    assert response.status_code == 302
    assert response["Location"] == MY_IMAGES
    assert not Upload.objects.exists()
    assert stored_files() == []
    assert "The image was deleted." in client.get(MY_IMAGES).content.decode()


def test_nobody_else_deletes_from_the_page(client, user, other_user):
    upload = create(user)
    client.force_login(other_user)

    response = client.post(reverse("media_uploads:delete", args=[upload.pk]))

    assert response.status_code == 404
    # The service's own refusal, on the site's error page.
    assert f"There is no upload with id {upload.pk}." in response.content.decode()
    assert Upload.objects.filter(pk=upload.pk).exists()


def test_delete_page_needs_post(client, user):
    upload = create(user)
    client.force_login(user)

    assert (
        client.get(reverse("media_uploads:delete", args=[upload.pk])).status_code == 405
    )


def admin_changelist_queries(admin_client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get("/admin/media_uploads/upload/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_admin_lists_uploads_with_thumbnails(admin_client, user):
    uploads = [create(user, size=(1600 + n, 1000)) for n in range(2)]
    admin_changelist_queries(admin_client)  # the first one also records the session
    few, _page = admin_changelist_queries(admin_client)
    uploads += [create(user, size=(1700 + n, 1000)) for n in range(4)]

    many, page = admin_changelist_queries(admin_client)

    assert many == few  # no query per row
    for upload in uploads:
        assert f'src="/media/{upload.image.thumbnail_key}"' in page


def test_admin_detail_shows_a_preview(admin_client, user):
    upload = create(user)

    response = admin_client.get(f"/admin/media_uploads/upload/{upload.pk}/change/")

    assert response.status_code == 200
    assert f'src="/media/{upload.image.display_key}"' in response.content.decode()


def test_admin_delete_removes_the_files(admin_client, user):
    upload = create(user)

    response = admin_client.post(
        "/admin/media_uploads/upload/",
        {"action": "delete_selected", "_selected_action": [upload.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Upload.objects.exists()
    assert stored_files() == []


def test_staff_without_permission_cannot_see_uploads_in_admin(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_upload"))
    client.force_login(staff)

    assert client.get("/admin/media_uploads/upload/").status_code == 200
    assert client.get("/admin/media_uploads/upload/add/").status_code == 403
