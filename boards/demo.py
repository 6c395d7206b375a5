"""Demo boards for `manage.py seed_demo` (see /docs: demo data). Idempotent."""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction

from boards.models import Board, PostingRule

DEMO_BOARDS = [
    # slug, name, icon, description, options, moderators
    (
        "announcements",
        "公告 Announcements",
        "📢",
        "站務公告與更新。News about Kaigon itself.",
        {"posting_rule": PostingRule.MODERATORS, "order": 0},
        ["admin"],
    ),
    (
        "taipei-food",
        "台北美食",
        "🍜",
        "吃什麼？牛肉麵、夜市、咖啡廳，通通可以聊。",
        {"order": 10},
        ["mei"],
    ),
    (
        "tech",
        "Tech & Django",
        "💻",
        "Python, Django, htmx and everything that runs this site.",
        {"order": 20},
        ["alice"],
    ),
    (
        "life",
        "生活閒聊",
        "☕",
        "工作、旅行、日常。這裡可以匿名發文。",
        {"order": 30, "anonymous_allowed": True},
        ["jun"],
    ),
    (
        "old-forum",
        "舊版討論區 Archive",
        "🗄️",
        "The old board, kept for reading.",
        {"order": 90, "archived": True},
        [],
    ),
]


@transaction.atomic
def seed(*, report: Callable[[str], None]) -> None:
    users = get_user_model().objects.in_bulk(
        {username for *_, moderators in DEMO_BOARDS for username in moderators},
        field_name="username",
    )
    created = 0
    for slug, name, icon, description, options, moderators in DEMO_BOARDS:
        board, was_created = Board.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "icon": icon,
                "description": description,
                **options,
            },
        )
        if was_created:
            created += 1
            board.moderators.set([users[u] for u in moderators if u in users])
    report(f"boards: {created} new of {len(DEMO_BOARDS)}")
