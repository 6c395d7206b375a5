"""Shapes of the search API's answers (for rendering and the OpenAPI schema)."""

from rest_framework import serializers


class SearchCountsSerializer(serializers.Serializer):
    posts = serializers.IntegerField()
    users = serializers.IntegerField()
    tags = serializers.IntegerField()
    boards = serializers.IntegerField()


class SearchBoardSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    icon = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()


class SearchMemberSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    url = serializers.CharField()


class SearchTagSerializer(serializers.Serializer):
    name = serializers.CharField()
    post_count = serializers.IntegerField()
    url = serializers.CharField()


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    type = serializers.CharField()
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()
    counts = SearchCountsSerializer()
    posts_count_is_lower_bound = serializers.BooleanField(
        help_text="More posts match than are ranked: only the newest are."
    )
    results = serializers.ListField(
        child=serializers.DictField(),
        help_text="Items shaped by `type` (docs/api.md, Search): a post hit, "
        "a member, a tag or a board.",
    )


class SuggestResponseSerializer(serializers.Serializer):
    users = SearchMemberSerializer(many=True)
    tags = SearchTagSerializer(many=True)
    boards = SearchBoardSerializer(many=True)
