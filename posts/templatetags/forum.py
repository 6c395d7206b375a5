"""Template helpers of the forum pages.

{% load forum %}
{% byline post %}            the author's name, or the thread pseudonym
{{ post.pk|post_url }}
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from posts import selectors
from posts.anonymity import pseudonym
from posts.markdown import render_title
from posts.models import Comment, Post

register = template.Library()


@register.simple_tag(takes_context=True)
def byline(context: template.Context, item: Post | Comment) -> str:
    """Who wrote `item`; anonymous writing shows the pseudonym of its thread,
    plus the real name for the board's moderators (`show_real_authors`)."""
    author = item.author
    name = author.display_name
    profile = reverse("accounts:profile", args=[author.username])
    if not item.anonymous:
        return format_html('<a href="{}" class="author">{}</a>', profile, name)
    post_id = item.pk if isinstance(item, Post) else item.post_id
    alias = pseudonym(post_id=post_id, user_id=item.author_id)
    if context.get("show_real_authors"):
        return format_html(
            '<span class="author anonymous">{}</span> <small>({} <a href="{}">{}</a>)'
            "</small>",
            alias,
            _("moderators see:"),
            profile,
            name,
        )
    return format_html('<span class="author anonymous">{}</span>', alias)


@register.simple_tag
def reaction_bar(target: Post | Comment) -> list[tuple[str, int, bool]]:
    """(emoji, count, is the viewer's) for each offered emoji, from
    `attach_reactions`; emoji no longer offered still show their counts."""
    counts = getattr(target, "reaction_counts", {})
    mine = getattr(target, "viewer_reaction", None)
    emoji_set = selectors.reaction_emoji_set()
    emoji_set += [emoji for emoji in counts if emoji not in emoji_set]
    return [(emoji, counts.get(emoji, 0), emoji == mine) for emoji in emoji_set]


@register.filter
def title_html(title: str) -> str:
    return mark_safe(render_title(title))  # escaped by render_title
