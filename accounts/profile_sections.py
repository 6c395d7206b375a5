"""Parts of a member's profile page that other apps add (accounts knows none).

An app registers `section(request, profile) -> HTML` from its
`AppConfig.ready()`; the page shows the sections in registration order.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from accounts.models import User

ProfileSection = Callable[[HttpRequest, User], SafeString]

_sections: list[ProfileSection] = []


def profile_section(section: ProfileSection) -> ProfileSection:
    """Register `section`; decorating the same function twice adds it once."""
    if section not in _sections:
        _sections.append(section)
    return section


def profile_sections_render(*, request: HttpRequest, profile: User) -> list[SafeString]:
    return [section(request, profile) for section in _sections]
