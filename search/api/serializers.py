"""Shapes of the search API's answers (for rendering and the OpenAPI schema)."""

from rest_framework import serializers


class CountsSerializer(serializers.Serializer):
    posts = serializers.IntegerField()
    users = serializers.IntegerField()
    tags = serializers.IntegerField()
    boards = serializers.IntegerField()


class BoardRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    icon = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()


class MemberSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    url = serializers.CharField()


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    post_count = serializers.IntegerField()
    url = serializers.CharField()


class PostHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="Escaped; matches in <mark>.")
    snippet_html = serializers.CharField(help_text="Escaped; matches in <mark>.")
    board = BoardRefSerializer()
    author = MemberSerializer(allow_null=True, help_text="null when anonymous.")
    display_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    comment_count = serializers.IntegerField()


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    type = serializers.CharField()
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()
    counts = CountsSerializer()
    posts_count_is_lower_bound = serializers.BooleanField(
        help_text="More posts match than are ranked: only the newest are."
    )
    results = serializers.ListField(
        child=serializers.DictField(),
        help_text="Items shaped by `type`: PostHit, Member, Tag or Board.",
    )


class SuggestResponseSerializer(serializers.Serializer):
    users = MemberSerializer(many=True)
    tags = TagSerializer(many=True)
    boards = BoardRefSerializer(many=True)
