"""The search index: an inverted index of normalised tokens (search.text).

One row per (token, post, field) with a weight; the same table and the same
queries serve SQLite and MySQL/MariaDB (docs/decisions.md, "Search").
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from search.text import TOKEN_MAX_LENGTH


def day_number(value: date) -> int:
    """Days since 1970-01-01: the `day` column."""
    return value.toordinal() - date(1970, 1, 1).toordinal()


class Field(models.IntegerChoices):
    TITLE = 1, _("title")
    BODY = 2, _("body")
    HASHTAG = 3, _("hashtag")
    COMMENT = 4, _("comments")


class PostToken(models.Model):
    token = models.CharField(_("token"), max_length=TOKEN_MAX_LENGTH)
    post = models.ForeignKey(
        "posts.Post",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("post"),
        db_index=False,
    )
    field = models.PositiveSmallIntegerField(_("field"), choices=Field.choices)
    # Field weight times occurrences (capped): the post's score for this token.
    weight = models.PositiveSmallIntegerField(_("weight"))
    # Days since 1970 of the post's creation: freshness without a join.
    day = models.PositiveIntegerField(_("day"))

    class Meta:
        verbose_name = _("post token")
        verbose_name_plural = _("post tokens")
        indexes = [
            # Covers the search queries (they never read the table itself) and
            # finds one token's posts newest first, or (token, post) pairs.
            models.Index(
                fields=["token", "post", "field", "weight", "day"],
                name="search_token_lookup",
            ),
            # Deletes a post's rows, and ranks candidates by post id without
            # reading the table (MariaDB joins a long IN list this way).
            models.Index(
                fields=["post", "token", "field", "weight", "day"],
                name="search_token_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.token} → {self.post_id}"
