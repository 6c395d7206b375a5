"""Post pages: reading, writing, commenting, reacting, bookmarking, reporting.

Every action is a plain POST form that redirects back (works without
JavaScript); with htmx the same view answers with the fragment to swap.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from boards import selectors as board_selectors
from boards.exceptions import BoardArchived
from boards.models import Board
from kaigon.errors import KaigonError
from kaigon.pages import add_form_errors, back_url, page_errors, paginate
from posts import moderation, selectors, services
from posts.exceptions import HashtagNotFound, NotAuthor, PostLocked
from posts.forms import CommentForm, PostForm, ReportForm
from posts.markdown import normalize_hashtag, render_markdown
from posts.models import BODY_MAX_LENGTH, Comment, ModerationAction, Post

Viewer = User | AnonymousUser
COMMENT_PAGE_SIZE = 50


def _post_url(post: Post) -> str:
    return reverse("posts:detail", args=[post.pk])


# --- Reading -------------------------------------------------------------------


@require_safe
@page_errors
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    services.post_view_record(post=post)
    return render(request, "posts/detail.html", _detail_context(request, post))


def _post_for_page(post: Post, viewer: Viewer) -> Post:
    """The post with its body, reactions and the viewer's bookmark/follow state."""
    selectors.attach_bodies([post])
    selectors.attach_reactions([post], viewer)
    selectors.attach_viewer_flags([post], viewer)
    return post


def _detail_context(
    request: HttpRequest, post: Post, comment_form: CommentForm | None = None
) -> dict:
    viewer = request.user
    floors = paginate(request, selectors.comment_list(post=post), COMMENT_PAGE_SIZE)
    selectors.attach_reactions(floors.object_list, viewer)
    selectors.attach_replies(floors.object_list, viewer)
    is_moderator = board_selectors.board_is_moderator(board=post.board, user=viewer)
    refusal = comment_refusal(post=post, user=viewer, is_moderator=is_moderator)
    return {
        "post": _post_for_page(post, viewer),
        "page_obj": floors,
        "comment_form": comment_form or CommentForm(),
        "blank_form": CommentForm(),
        "can_comment": viewer.is_authenticated and not refusal,
        "write_refusal": refusal,
        "is_moderator": is_moderator,
        "show_real_authors": is_moderator,
        "move_boards": board_selectors.board_list() if is_moderator else (),
    }


def comment_refusal(*, post: Post, user: Viewer, is_moderator: bool) -> str:
    """Why `user` may not comment here ("" if they may); the service decides anyway."""
    if not user.is_authenticated:
        return ""
    try:
        services.check_not_suspended(user=user)
    except KaigonError as error:
        return error.message
    if post.board.archived:
        return BoardArchived().message
    if post.locked and not is_moderator:
        return PostLocked().message
    return ""


def post_refusal(*, board: Board, user: Viewer) -> str:
    """Why `user` may not start a post in `board` ("" if they may)."""
    if not user.is_authenticated:
        return ""
    try:
        services.check_not_suspended(user=user)
        board_selectors.board_check_can_post(board=board, user=user)
    except KaigonError as error:
        return error.message
    return ""


@page_errors
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    versions = selectors.post_history(post=post)
    return render(request, "posts/history.html", {"post": post, "versions": versions})


@page_errors
def tag_detail(request: HttpRequest, tag: str) -> HttpResponse:
    """A tag's posts; a tag only used in comments (or no more) is an empty page."""
    try:
        hashtag = selectors.hashtag_get(name=tag)
    except HashtagNotFound:
        hashtag = None
    posts = selectors.post_list(
        viewer=request.user, hashtag=hashtag, sort=selectors.PostSort.NEWEST
    )
    if hashtag is None:
        posts = posts.none()
    name = hashtag.name if hashtag else normalize_hashtag(tag)
    context = {"tag": name, "page_obj": paginate(request, posts)}
    return render(request, "posts/tag.html", context)


@login_required
def bookmark_list(request: HttpRequest) -> HttpResponse:
    posts = selectors.bookmark_list(user=request.user)
    return render(
        request, "posts/bookmarks.html", {"page_obj": paginate(request, posts)}
    )


# --- Writing -------------------------------------------------------------------


@login_required
@page_errors
def post_create(request: HttpRequest, slug: str) -> HttpResponse:
    board = board_selectors.board_get(slug=slug, viewer=request.user)
    refusal = post_refusal(board=board, user=request.user)
    form = PostForm(request.POST or None, allow_anonymous=board.anonymous_allowed)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            post = services.post_create(
                author=request.user,
                board=board,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                anonymous=form.cleaned_data.get("anonymous", False),
                image_ids=form.cleaned_data["image_ids"],
            )
        except KaigonError as error:
            add_form_errors(form, error)
        else:
            return redirect(_post_url(post))
    context = {"form": form, "board": board, "refusal": refusal}
    status = 403 if refusal else 400 if form.errors else 200
    return render(request, "posts/form.html", context, status=status)


@login_required
@page_errors
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    if post.author_id != request.user.pk:
        return render(request, "forum_error.html", {"error": NotAuthor()}, status=403)
    selectors.attach_bodies([post])
    initial = {
        "title": post.title,
        "body": post.body_version.body if post.body_version else "",
    }
    form = PostForm(request.POST or None, initial=initial, attached=post.images.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                post=post,
                editor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                image_ids=form.all_image_ids(),
            )
        except KaigonError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your post is updated."))
            return redirect(_post_url(post))
    context = {"form": form, "board": post.board, "post": post}
    return render(
        request, "posts/form.html", context, status=400 if form.errors else 200
    )


@login_required
@page_errors
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    if post.author_id != request.user.pk:
        raise NotAuthor()
    if request.method == "POST":
        services.post_delete(post=post, actor=request.user)
        messages.success(request, _("Your post is deleted."))
        return redirect("boards:detail", slug=post.board.slug)
    return render(request, "posts/confirm_delete.html", {"post": post})


@login_required
@require_POST
def post_preview(request: HttpRequest) -> HttpResponse:
    # No more than a post may hold: the preview is no free Markdown service.
    html = render_markdown(request.POST.get("body", "")[:BODY_MAX_LENGTH])
    return render(request, "posts/_preview.html", {"html": html})


# --- Comments ------------------------------------------------------------------


@login_required
@require_POST
@page_errors
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    form = CommentForm(request.POST)
    comment = None
    is_moderator = board_selectors.board_is_moderator(
        board=post.board, user=request.user
    )
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = selectors.comment_get_for_viewer(
                comment_id=form.cleaned_data["parent"], viewer=request.user
            )
        try:
            comment = services.comment_create(
                post=post,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
                anonymous=form.cleaned_data["anonymous"],
            )
        except KaigonError as error:
            add_form_errors(form, error)
    if request.htmx:
        return _comment_fragment(request, post, form, comment, is_moderator)
    if comment is None:
        context = _detail_context(request, post, comment_form=form)
        return render(request, "posts/detail.html", context, status=400)
    return redirect(f"{_post_url(post)}#comment-{comment.pk}")


def _comment_fragment(
    request: HttpRequest,
    post: Post,
    form: CommentForm,
    comment: Comment | None,
    is_moderator: bool,
) -> HttpResponse:
    """A fresh form (or the same one with its errors) and the new comment."""
    if comment is not None:
        form = CommentForm()
        post.refresh_from_db(fields=["comment_count"])
        selectors.attach_reactions([comment], request.user)
        comment.visible_replies = []
    context = {
        "post": post,
        "form": form,
        "blank_form": CommentForm(),
        "can_comment": True,
        "is_moderator": is_moderator,
        "show_real_authors": is_moderator,
        "parent_id": request.POST.get("parent") or "",
        "new_comment": comment,
    }
    return render(request, "posts/_comment_form_result.html", context)


@login_required
@page_errors
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_viewer(comment_id=pk, viewer=request.user)
    if comment.author_id != request.user.pk:
        return render(request, "forum_error.html", {"error": NotAuthor()}, status=403)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, editor=request.user, body=form.cleaned_data["body"]
            )
        except KaigonError as error:
            add_form_errors(form, error)
        else:
            return redirect(f"{_post_url(comment.post)}#comment-{comment.pk}")
    return render(
        request,
        "posts/comment_form.html",
        {"form": form, "comment": comment},
        status=400 if form.errors else 200,
    )


@login_required
@page_errors
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_viewer(comment_id=pk, viewer=request.user)
    if comment.author_id != request.user.pk:
        raise NotAuthor()
    if request.method == "POST":
        services.comment_delete(comment=comment, actor=request.user)
        messages.success(request, _("Your comment is deleted."))
        return redirect(_post_url(comment.post))
    return render(request, "posts/confirm_delete.html", {"comment": comment})


# --- Reactions, bookmarks, follows ---------------------------------------------


@login_required
@require_POST
@page_errors
def post_react(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    _react(request, target=post)
    if request.htmx:
        selectors.attach_reactions([post], request.user)
        return _reactions_fragment(request, post, kind="post")
    return redirect(back_url(request, _post_url(post)))


@login_required
@require_POST
@page_errors
def comment_react(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_viewer(comment_id=pk, viewer=request.user)
    _react(request, target=comment)
    if request.htmx:
        selectors.attach_reactions([comment], request.user)
        return _reactions_fragment(request, comment, kind="comment")
    url = f"{_post_url(comment.post)}#comment-{comment.pk}"
    return redirect(back_url(request, url))


def _react(request: HttpRequest, *, target: Post | Comment) -> None:
    if request.POST.get("remove"):
        services.reaction_remove(user=request.user, target=target)
    else:
        emoji = request.POST.get("emoji", "")
        services.reaction_set(user=request.user, target=target, emoji=emoji)


def _reactions_fragment(
    request: HttpRequest, target: Post | Comment, *, kind: str
) -> HttpResponse:
    context = {"target": target, "kind": kind}
    return render(request, "posts/_reactions.html", context)


@login_required
@require_POST
@page_errors
def post_bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    services.bookmark_set(
        user=request.user, post=post, on=request.POST.get("on") == "1"
    )
    return _after_toggle(request, pk)


@login_required
@require_POST
@page_errors
def post_follow(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    services.post_follow_set(
        user=request.user, post=post, on=request.POST.get("on") == "1"
    )
    return _after_toggle(request, pk)


def _after_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    if request.htmx:
        selectors.attach_viewer_flags([post], request.user)
        return render(request, "posts/_post_actions.html", {"post": post})
    return redirect(back_url(request, _post_url(post)))


# --- Reports and moderation ----------------------------------------------------


@login_required
@page_errors
def report_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind == "comment":
        target = selectors.comment_get_for_viewer(comment_id=pk, viewer=request.user)
        post = target.post
    else:
        target = post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_create(
                reporter=request.user, target=target, reason=form.cleaned_data["reason"]
            )
        except KaigonError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. The moderators will look at your report.")
            )
            return redirect(_post_url(post))
    context = {"form": form, "post": post, "target": target, "kind": kind}
    return render(
        request, "posts/report.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
@page_errors
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_viewer(post_id=pk, viewer=request.user)
    to_board = None
    if request.POST.get("board"):
        to_board = board_selectors.board_get(slug=request.POST["board"])
    moderation.post_moderate(
        post=post,
        moderator=request.user,
        action=request.POST.get("action", ""),
        to_board=to_board,
    )
    messages.success(request, _("Done."))
    return redirect(_post_url(post))


@login_required
@require_POST
@page_errors
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide or unhide a comment; the service checks the moderator's rights."""
    comment = selectors.comment_get(comment_id=pk)
    moderation.comment_moderate(
        comment=comment,
        moderator=request.user,
        action=request.POST.get("action", ModerationAction.HIDE),
    )
    messages.success(request, _("Done."))
    post_url = reverse("posts:detail", args=[comment.post_id])
    return redirect(f"{post_url}#comment-{comment.pk}")
