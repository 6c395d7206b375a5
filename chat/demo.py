# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)
"""Demo chat: a few rooms with history in Chinese and English among the demo
people (created by accounts.demo). Safe to run again: rooms are found by
name or pair, and every message has a fixed client_id."""

from collections.abc import Callable

from accounts.models import User
from chat import services
from chat.models import Room, RoomKind

GROUPS = [
    {
        "owner": "mei",
        "name": "週末登山 Weekend hikers",
        "members": ["jun", "alice", "bob"],
        "emoji": "⛰️",
        "theme_color": "#2e7d32",
        "messages": [
            ("mei", "這週六要去爬七星山嗎？"),
            ("alice", "Count me in! What time do we meet?"),
            ("jun", "早上七點在陽明山公車站集合 🚌"),
            ("bob", "7 am is early… but OK 😅"),
            ("mei", "記得帶雨衣，山上天氣變化很快。"),
            ("alice", "Noted. I'll bring snacks for everyone."),
        ],
    },
    {
        "owner": "admin",
        "name": "Kaigon 開發 dev",
        "members": ["alice", "mei"],
        "emoji": "🛠️",
        "theme_color": "#1565c0",
        "messages": [
            ("admin", "Chat is live on the new server 🎉"),
            ("alice", "Read receipts work on my phone and laptop at once."),
            ("mei", "中文訊息也正常顯示，讚！"),
        ],
    },
]

DIRECTS = [
    (
        "mei",
        "jun",
        [
            ("mei", "阿俊，明天的報告準備好了嗎？"),
            ("jun", "快好了，晚上傳給你看 👍"),
            ("mei", "謝啦！"),
        ],
    ),
    (
        "alice",
        "bob",
        [
            ("alice", "Hey Bob, did you see the new board for photography?"),
            ("bob", "Yes! Posting my sunset shots tonight."),
        ],
    ),
]


def _send_all(room: Room, key: str, messages, users: dict[str, User]) -> int:
    sent = 0
    for index, (username, text) in enumerate(messages):
        _message, created = services.message_send(
            room_id=room.pk,
            sender=users[username],
            text=text,
            client_id=f"demo-{key}-{index}",
        )
        sent += created
    return sent


def seed(*, report: Callable[[str], None]) -> None:
    """Create the demo rooms and their history."""
    users = User.objects.in_bulk(
        ["admin", "mei", "jun", "alice", "bob"], field_name="username"
    )
    if len(users) < 5:
        report("chat: demo people missing (run accounts' demo first); skipped")
        return
    for index, group in enumerate(GROUPS):
        owner = users[group["owner"]]
        room = Room.objects.filter(
            kind=RoomKind.GROUP, name=group["name"], created_by=owner
        ).first()
        if room is None:
            room = services.room_group_create(
                creator=owner,
                name=group["name"],
                members=[users[name] for name in group["members"]],
                emoji=group["emoji"],
                theme_color=group["theme_color"],
            )
        sent = _send_all(room, f"group{index}", group["messages"], users)
        report(f"chat: room {group['name']!r}, {sent} new messages")
    for first, second, messages in DIRECTS:
        room, _created = services.room_direct_get_or_create(
            user=users[first], other=users[second]
        )
        sent = _send_all(room, f"{first}-{second}", messages, users)
        report(f"chat: {first} ↔ {second}, {sent} new messages")
