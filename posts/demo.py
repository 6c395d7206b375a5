"""Demo posts, comments, reactions and images for `manage.py seed_demo`.

Relies on the demo users of accounts.demo and the boards of boards.demo.
Everything goes through the services (bodies, counters, hashtags, follows),
and the pictures are drawn here with Pillow. A post whose title already exists
on its board is skipped, so running it again adds nothing.
"""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)

from collections.abc import Callable
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from boards.models import Board
from media_uploads.services import upload_create
from posts import moderation, services
from posts.models import Post

# (board, author, title, body, options, picture colours or None)
DEMO_POSTS = [
    (
        "announcements",
        "admin",
        "歡迎來到 Kaigon！Welcome to Kaigon",
        "這裡是 Kaigon 的討論區 🎉 先到 **生活閒聊** 打聲招呼吧。\n\n"
        "Kaigon is a forum with chat. Read the boards, react with an emoji, "
        "bookmark (收藏) what you like and follow (追蹤) threads.\n\n"
        "#Kaigon #公告",
        {"pin": True},
        None,
    ),
    (
        "taipei-food",
        "mei",
        "永康街牛肉麵，我的前三名 #牛肉麵",
        "週末吃了一輪，排名如下：\n\n"
        "1. 湯頭最濃：老店，排隊 20 分鐘\n"
        "2. 麵最 Q：巷子裡那家\n"
        "3. CP 值最高：學生最愛\n\n"
        "大家還有推薦嗎？ #台北美食 #永康街",
        {},
        ((200, 80, 40), (250, 200, 90)),
    ),
    (
        "taipei-food",
        "alice",
        "First time at a night market — what should I try?",
        "Going to **Raohe** night market on Friday. I eat everything except "
        "stinky tofu (maybe I should try it?). Recommendations welcome! "
        "#NightMarket #台北美食",
        {},
        None,
    ),
    (
        "tech",
        "alice",
        "Live reactions with htmx and Django Channels",
        "Kaigon's reaction buttons post with htmx and still work with JS off:\n\n"
        '```html\n<button hx-put="/posts/1/reaction" name="emoji" value="👍">'
        "👍</button>\n```\n\n"
        "The author hears about it over the socket. #Django #htmx #Python",
        {},
        ((40, 90, 160), (120, 200, 240)),
    ),
    (
        "tech",
        "bob",
        "Django 5.2 composite primary keys: worth it?",
        "Has anyone moved a through table to `CompositePrimaryKey` yet? "
        "Migrations look tricky. #Django",
        {"lock": True},
        None,
    ),
    (
        "life",
        "jun",
        "工作好累，想轉職當工程師",
        "做行政五年了，最近在自學 Python。三十歲轉職來得及嗎？ #轉職 #Python",
        {"anonymous": True},
        None,
    ),
    (
        "life",
        "bob",
        "Sunrise hike up Elephant Mountain (象山)",
        "Started at 5:10, reached the top for sunrise. Taipei 101 in the mist. "
        "Bring water, the stairs are no joke. #hiking #台北",
        {},
        ((250, 150, 60), (60, 40, 120)),
    ),
]

# (post index, author, body, reply to comment index or None)
DEMO_COMMENTS = [
    (1, "jun", "第二名是不是那家有酸菜吃到飽的？😋", None),
    (1, "mei", "對！酸菜超讚", 0),
    (1, "alice", "Saving this for my trip. 謝謝！", None),
    (2, "mei", "胡椒餅 and 藥燉排骨 — trust me. Try the stinky tofu once!", None),
    (2, "bob", "Seconding the pepper buns.", 3),
    (3, "bob", "Nice. Does the count update for other readers too?", None),
    (3, "alice", "Only for the author, as a live event; others see it on reload.", 5),
    (5, "mei", "來得及！我認識好幾個三十幾歲轉職成功的。加油 💪", None),
    (5, "jun", "謝謝你，有被鼓勵到", 7),
    (6, "jun", "象山日出真的很美，下次一起去", None),
]

# (post index, username, emoji)
DEMO_REACTIONS = [
    (0, "mei", "❤️"),
    (0, "jun", "👍"),
    (1, "jun", "😂"),
    (1, "alice", "❤️"),
    (1, "bob", "👍"),
    (3, "bob", "😮"),
    (5, "mei", "😢"),
    (6, "alice", "❤️"),
]


def _picture(colours: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bytes:
    """A small landscape: a sky gradient, a sun and two hills."""
    width, height = 640, 400
    top, bottom = colours
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        ratio = y / height
        colour = tuple(
            int(a + (b - a) * ratio) for a, b in zip(top, bottom, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    draw.ellipse([440, 60, 540, 160], fill=(255, 240, 180))
    draw.polygon([(0, 400), (220, 220), (460, 400)], fill=(40, 90, 60))
    draw.polygon([(260, 400), (480, 250), (640, 330), (640, 400)], fill=(30, 70, 50))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def seed(*, report: Callable[[str], None]) -> None:
    users = get_user_model().objects.in_bulk(
        ["admin", "mei", "jun", "alice", "bob"], field_name="username"
    )
    boards = Board.objects.in_bulk(field_name="slug")
    if len(users) < 5 or not boards:
        report("posts: skipped (demo users or boards missing)")
        return
    admin = users["admin"]
    posts: list[Post] = []
    created = 0
    for slug, username, title, body, options, colours in DEMO_POSTS:
        board = boards[slug]
        post = Post.objects.filter(board=board, title=title).first()
        if post is None:
            author = users[username]
            image_ids = []
            if colours is not None:
                file = SimpleUploadedFile(
                    "demo.png", _picture(colours), content_type="image/png"
                )
                image_ids.append(upload_create(owner=author, file=file).pk)
            post = services.post_create(
                author=author,
                board=board,
                title=title,
                body=body,
                anonymous=options.get("anonymous", False),
                image_ids=image_ids,
            )
            if options.get("pin"):
                moderation.post_moderate(post=post, moderator=admin, action="pin")
            created += 1
            _seed_thread(post=post, index=len(posts), users=users)
        posts.append(post)
    for post, (*_, options, _colours) in zip(posts, DEMO_POSTS, strict=True):
        if options.get("lock") and not post.locked:
            moderation.post_moderate(post=post, moderator=admin, action="lock")
    report(f"posts: {created} new of {len(DEMO_POSTS)}, with comments and reactions")


def _seed_thread(*, post: Post, index: int, users: dict) -> None:
    made = {}
    for number, (post_index, username, body, parent_number) in enumerate(DEMO_COMMENTS):
        if post_index != index:
            continue
        made[number] = services.comment_create(
            post=post,
            author=users[username],
            body=body,
            parent=made.get(parent_number) if parent_number is not None else None,
        )
    for post_index, username, emoji in DEMO_REACTIONS:
        if post_index == index:
            services.reaction_set(user=users[username], target=post, emoji=emoji)
    for comment in list(made.values())[:1]:
        services.reaction_set(user=post.author, target=comment, emoji="👍")
