"""The member's posts on their profile page (registered in PostsConfig.ready)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from accounts.profile_sections import profile_section
from kaigon.pages import paginate
from posts import selectors


@profile_section
def profile_posts(request: HttpRequest, profile: User) -> SafeString:
    posts = selectors.user_post_list(author=profile, viewer=request.user)
    html = render_to_string(
        "posts/_profile_posts.html",
        {"profile": profile, "page_obj": paginate(request, posts)},
        request=request,
    )
    return mark_safe(html)  # rendered by the template engine, escaped there
