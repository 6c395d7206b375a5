"""Forum content made through the services, so bodies, counters and follows exist."""

from itertools import count

from accounts.models import User
from boards.models import Board
from posts import services
from posts.models import Comment, Post
from tests.boards.factories import BoardFactory
from tests.factories import UserFactory

_numbers = count(1)


def make_post(
    *,
    author: User | None = None,
    board: Board | None = None,
    title: str | None = None,
    body: str = "Hello **world** #kaigon",
    **kwargs,
) -> Post:
    return services.post_create(
        author=author or UserFactory(),
        board=board or BoardFactory(),
        title=title or f"Post {next(_numbers)}",
        body=body,
        **kwargs,
    )


def make_comment(
    *,
    post: Post,
    author: User | None = None,
    body: str = "Nice one",
    parent: Comment | None = None,
    **kwargs,
) -> Comment:
    return services.comment_create(
        post=post, author=author or UserFactory(), body=body, parent=parent, **kwargs
    )
