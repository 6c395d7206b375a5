"""Refusals of the board services and selectors."""

from django.utils.translation import gettext_lazy as _

from kaigon.errors import KaigonError, NotFound


class BoardNotFound(NotFound):
    code = "board_not_found"
    default_message = _("There is no such board.")


class BoardArchived(KaigonError):
    code = "board_archived"
    status = 403
    default_message = _("This board is archived; it takes no new posts.")


class BoardPostingRestricted(KaigonError):
    code = "board_moderators_only"
    status = 403
    default_message = _("Only the moderators of this board can post in it.")
