"""Image uploads over the JSON API.

POST /api/v1/images (multipart), GET /api/v1/images (my uploads),
GET and DELETE /api/v1/images/<id>. Only the owner sees or deletes an upload.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListCreateAPIView, RetrieveDestroyAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from media_uploads import selectors, services
from media_uploads.api.serializers import UploadCreateSerializer, UploadSerializer
from media_uploads.models import Upload


@extend_schema(tags=["images"])
class ImageListCreateView(ListCreateAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = UploadSerializer

    def get_queryset(self):
        return selectors.upload_list_for_owner(owner=self.request.user)

    @extend_schema(summary="My uploaded images", operation_id="images_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Upload an image",
        operation_id="images_create",
        description=(
            "Multipart form with `file` (JPEG, PNG, GIF or WebP, recognised by "
            "content) and optional `kind` (`image` or `avatar`). The image is "
            "decoded and re-encoded without metadata in three sizes. Refused files "
            "answer 400 with a message saying why; past the hourly limit, 429 with "
            "Retry-After."
        ),
        request=UploadCreateSerializer,
        responses={
            201: UploadSerializer,
            400: OpenApiResponse(description="Not an image we accept, or too big."),
            429: OpenApiResponse(description="Hourly upload limit reached."),
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = UploadCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        upload = services.upload_create(
            owner=request.user,
            file=incoming.validated_data["file"],
            kind=incoming.validated_data["kind"],
        )
        body = UploadSerializer(upload, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["images"])
class ImageDetailView(RetrieveDestroyAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = UploadSerializer

    def get_object(self) -> Upload:
        return selectors.upload_get_for_owner(
            owner=self.request.user, upload_id=self.kwargs["pk"]
        )

    @extend_schema(summary="One of my images", operation_id="images_retrieve")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Delete one of my images",
        operation_id="images_destroy",
        description="Removes the upload; its files go from storage unless "
        "another upload of the same picture still uses them.",
        responses={
            204: None,
            403: OpenApiResponse(description="Still protected by something using it."),
        },
    )
    def delete(self, request: Request, *args, **kwargs) -> Response:
        return super().delete(request, *args, **kwargs)

    def perform_destroy(self, instance: Upload) -> None:
        services.upload_delete(upload=instance, actor=self.request.user)
