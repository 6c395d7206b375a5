"""The site layout, home and error pages, security headers and static files."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import include, path, resolve
from django.urls.exceptions import Resolver404

from kaigon import urls as site_urls

# --- a URLconf for the tests that need extra views (ROOT_URLCONF=this module)


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in some view")


def _say_saved(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Your changes are saved.")
    return redirect("home")


def _placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("a section")


urlpatterns = [
    path("boom/", _boom),
    path("saved/", _say_saved),
    path("boards/", include(([path("", _placeholder, name="index")], "boards"))),
    path("chat/", include(([path("", _placeholder, name="index")], "chat"))),
    path("search/", include(([path("", _placeholder, name="index")], "search"))),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


class _Page(HTMLParser):
    """The tags of a page, with their attributes, and inline script bodies."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_scripts: list[str] = []
        self._in_inline_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_inline_script = tag == "script" and not attributes.get("src")
        if self._in_inline_script:
            self.inline_scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script:
            self.inline_scripts[-1] += data

    def find_all(self, tag: str, **attributes: str) -> list[dict[str, str | None]]:
        """Tags named `tag` whose attributes (aria_label= for aria-label) match."""
        wanted = {key.replace("_", "-"): value for key, value in attributes.items()}
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(attrs.get(k) == v for k, v in wanted.items())
        ]


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def _login_link() -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?next=/"


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client


def _assert_csp_safe(html: str) -> None:
    page = _Page(html)
    assert page.inline_scripts == [], "inline <script> is blocked by the CSP"
    assert not page.find_all("style"), "<style> elements are blocked by the CSP"
    for tag, attrs in page.tags:
        assert "style" not in attrs, f"style= attribute on <{tag}>"
        handlers = [name for name in attrs if name.startswith("on")]
        assert not handlers, f"inline event handler {handlers} on <{tag}>"
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").lower().startswith("javascript:")


# --- home page ------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_renders_for_anonymous_visitor_with_layout(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = _Page(response.content.decode())
    assert page.find_all("html", lang="en")
    assert page.find_all("meta", name="viewport")
    assert page.find_all("nav", aria_label="Main")
    assert page.find_all("input", type="search", name="q")
    assert page.find_all("form", action="/i18n/setlang/", method="post")
    languages = [o["value"] for o in page.find_all("option")]
    assert languages == ["en", "zh-hant"]
    assert page.find_all("a", href=_login_link())
    assert page.find_all("main", id="main")
    assert page.find_all("footer", **{"class": "site-footer"})
    assert b"Welcome to Kaigon" in response.content
    # No live socket for an anonymous visitor.
    assert page.find_all("body")[0].get("data-ws-url") is None


@pytest.mark.django_db
def test_home_page_greets_signed_in_user_and_offers_logout(logged_in_client, user):
    response = logged_in_client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    page = _Page(html)
    assert f"Welcome back, {user.nickname}" in html
    logout_forms = [
        form
        for form in page.find_all("form", method="post")
        if form.get("class") == "logout-form"
    ]
    assert len(logout_forms) == 1
    assert page.find_all("input", name="csrfmiddlewaretoken")
    assert not page.find_all("a", href=_login_link())
    assert page.find_all("body")[0]["data-ws-url"] == "/ws/"
    assert page.find_all("span", data_live_state="closed")
    toasts = page.find_all("div", aria_live="polite")
    assert toasts and "data-toasts" in toasts[0]


@pytest.mark.django_db
def test_logout_form_on_the_page_signs_the_user_out(logged_in_client):
    page = _Page(logged_in_client.get("/").content.decode())
    form = next(f for f in page.find_all("form") if f.get("class") == "logout-form")

    response = logged_in_client.post(form["action"], {"next": "/"})

    assert response.status_code == 302
    assert "_auth_user_id" not in logged_in_client.session
    assert b"Welcome to Kaigon" in logged_in_client.get("/").content


@pytest.mark.django_db
def test_nickname_is_escaped_in_the_header(client, user):
    user.nickname = "<script>alert(1)</script>"
    user.save()
    client.force_login(user)

    html = client.get("/").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_have_no_inline_script_style_or_handlers(
    client, user, settings, signed_in, debug
):
    settings.DEBUG = debug  # DEBUG adds django-htmx's error helper script
    if signed_in:
        client.force_login(user)
    # With DEBUG on, Django shows its own (inline-styled) technical 404 page.
    for url in ("/",) if debug else ("/", "/no-such-page/"):
        _assert_csp_safe(client.get(url).content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_every_link_on_the_home_page_leads_somewhere(client, user, signed_in):
    if signed_in:
        client.force_login(user)
    page = _Page(client.get("/").content.decode())
    targets = {a["href"] for a in page.find_all("a") if a.get("href")}
    targets |= {t["href"] for t in page.find_all("link") if t.get("href")}
    targets |= {s["src"] for s in page.find_all("script") if s.get("src")}
    targets |= {i["src"] for i in page.find_all("img") if i.get("src")}
    actions = {f["action"] for f in page.find_all("form") if f.get("action")}

    for target in sorted(targets):
        if target.startswith("#"):
            continue
        assert not urlsplit(target).netloc, f"third-party link {target}"
        response = client.get(target, follow=True)
        assert response.status_code == 200, (target, response.status_code)
    for action in actions:
        try:
            resolve(urlsplit(action).path)
        except Resolver404:
            pytest.fail(f"form posts to {action}, which does not exist")


@pytest.mark.django_db
def test_every_section_is_linked_from_the_header(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = _Page(html)

    assert page.find_all("a", href="/boards/")
    assert page.find_all("a", href="/chat/")
    assert not page.find_all("span", **{"class": "soon"})
    search_box = page.find_all("input", type="search")[0]
    assert "disabled" not in search_box


@pytest.mark.django_db
def test_header_links_sections_once_their_urls_exist(client, settings):
    settings.ROOT_URLCONF = __name__

    page = _Page(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert page.find_all("a", href="/boards/")
    assert page.find_all("a", href="/chat/")
    assert page.find_all("form", role="search", action="/search/", method="get")
    search_box = page.find_all("input", type="search")[0]
    assert "disabled" not in search_box


@pytest.mark.django_db
def test_django_messages_are_shown_once(client, settings):
    settings.ROOT_URLCONF = __name__

    response = client.get("/saved/", follow=True)

    page = _Page(response.content.decode())
    assert page.find_all("p", role="status", **{"class": "message message-success"})
    assert "Your changes are saved." in response.content.decode()
    assert "Your changes are saved." not in client.get("/").content.decode()


@pytest.mark.django_db
def test_htmx_is_configured_not_to_inject_inline_styles(client):
    page = _Page(client.get("/").content.decode())

    config = page.find_all("meta", name="htmx-config")
    assert config and '"includeIndicatorStyles": false' in config[0]["content"]
    scripts = [s["src"] for s in page.find_all("script")]
    assert "/static/vendor/htmx/htmx.min.js" in scripts
    assert "/static/js/live.js" in scripts


# --- headers -------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_send_security_headers(client):
    response = client.get("/")

    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"].startswith("strict-origin")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- static files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "content_type", "marker"),
    [
        ("/static/vendor/pico/pico.min.css", "text/css", b"Pico CSS"),
        ("/static/vendor/htmx/htmx.min.js", "text/javascript", b"htmx"),
        ("/static/css/kaigon.css", "text/css", b".site-header"),
        ("/static/js/live.js", "text/javascript", b"kaigon:event"),
        ("/static/js/site.js", "text/javascript", b"data-submit-on-change"),
        ("/static/img/favicon.svg", "image/svg+xml", b"<svg"),
    ],
)
def test_static_files_are_served_without_debug_or_collectstatic(
    client, url, content_type, marker
):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert marker in b"".join(response.streaming_content)


# --- error pages ---------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_page_gets_the_styled_404_page(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    page = _Page(response.content.decode())
    assert page.find_all("link", rel="stylesheet", href="/static/css/kaigon.css")
    assert page.find_all("nav", aria_label="Main")
    assert "Page not found" in response.content.decode()
    assert page.find_all("a", href="/", role="button")


@pytest.mark.django_db
def test_server_error_gets_the_styled_500_page(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "a bug in some view" not in html
    assert _Page(html).find_all("link", href="/static/css/kaigon.css")
    _assert_csp_safe(html)


@pytest.mark.django_db
def test_login_link_is_hidden_rather_than_broken_when_login_url_does_not_resolve(
    client, settings
):
    settings.LOGIN_URL = "no_such_login_view"

    response = client.get("/")

    assert response.status_code == 200
    assert 'href="no_such_login_view' not in response.content.decode()
