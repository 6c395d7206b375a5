"""Browser tests: Playwright (sync API) driving Debian's Chromium against a live
Daphne server that serves HTTP and the /ws/ WebSocket.

Write a browser test like this::

    import pytest
    from playwright.sync_api import expect

    pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

    def test_person_sees_the_home_page(page):
        page.goto("/")
        expect(page.locator("h1")).to_be_visible()

Every e2e test needs both marks: `transaction=True` because the server runs in
another process and only sees committed rows (pytest-django empties the tables
after each such test).

Fixtures
--------
live_server_url      package   "http://127.0.0.1:<port>": Daphne running
                               kaigon.asgi.application in a child process on
                               the test database (HTTP, static files, /ws/).
e2e_server           package   LiveServer(url, ws_url, shares_channel_layer,
                               mail_dir, media_dir): the server writes each
                               mail it sends as a file in mail_dir.
browser              package   the Chromium Browser (/usr/bin/chromium, no
                               download; a fresh temporary profile).
new_page(user=None, **context_options)
                     function  factory: a Page in a new browser context (its
                               own cookie jar, so two calls are two people),
                               base_url = live_server_url, locale en-US. With
                               `user`, the page is signed in as that user
                               (a session made by Client.force_login, set as
                               the session cookie). context_options go to
                               Browser.new_context (locale="zh-TW",
                               viewport={...}, java_script_enabled=False, ...).
page                 function  an anonymous page: new_page().
logged_in_page(user) function  factory: new_page(user=user).
browser_errors(page) function  console errors and uncaught exceptions of a
                               page made here (CSP violations show up here).
outside_event_loop(fn, *args, **kwargs)
                     function  run fn in a worker thread and return its result.
                               Playwright's sync API keeps an asyncio loop
                               running on the test thread, so anything that
                               uses async_to_sync (kaigon.events.send_event_*)
                               must be called through this.
shared_channel_layer function  requires that the test process and the server
                               share a Redis channel layer, so events sent in
                               the test reach sockets held by the server; skips
                               without Redis (fails in CI).

When a test fails, every page it made is saved as var/e2e-<test>[-<n>].png
with its console errors in var/e2e-<test>[-<n>].log.

With SQLite the test database is a file under var/ for the whole session
whenever e2e tests are selected (an in-memory database cannot be shared
with the server process); `-m "not e2e"` keeps the in-memory one.
"""

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings

from tests.availability import DEFAULT_REDIS_URL, missing, port_open

CHROMIUM = Path(os.environ.get("KAIGON_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_HOST = "127.0.0.1"
SERVER_START_TIMEOUT_SECONDS = 60
DEFAULT_TIMEOUT_MS = 10_000

_reports_key = pytest.StashKey[dict[str, pytest.TestReport]]()


# --- test database shared with the server process ---------------------------


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    # After `-m` deselection: only a run that really has browser tests pays
    # for a file-backed SQLite test database.
    if any(item.get_closest_marker("e2e") for item in items):
        _use_file_sqlite_test_database()


def _use_file_sqlite_test_database() -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return  # MySQL/MariaDB test databases are shared anyway
    test_settings = database.setdefault("TEST", {})
    if test_settings.get("NAME"):
        return
    path = Path(settings.VAR_DIR) / f"e2e-test-db-{os.getpid()}.sqlite3"
    test_settings["NAME"] = str(path)
    from django.db import connections

    connections["default"].settings_dict.setdefault("TEST", {})["NAME"] = str(path)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Django deletes the test database file; SQLite may leave its journal.
    for leftover in Path(settings.VAR_DIR).glob(f"e2e-test-db-{os.getpid()}.sqlite3*"):
        leftover.unlink(missing_ok=True)


# --- failure reports for screenshots -----------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    item.stash.setdefault(_reports_key, {})[report.when] = report


def _test_failed(item: pytest.Item) -> bool:
    reports = item.stash.get(_reports_key, {})
    return any(report.failed for report in reports.values())


# --- live server --------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    url: str
    ws_url: str
    shares_channel_layer: bool
    mail_dir: Path  # one file per mail the server sends
    media_dir: Path  # the server's MEDIA_ROOT


def _live_channel_layers() -> tuple[dict, bool]:
    """Redis when reachable (shared by both processes), else the server's own."""
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    parsed = urlparse(url)
    if not port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379):
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}, False
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # Own prefix: parallel test runs on the same Redis never cross.
            "CONFIG": {
                "hosts": [{"address": url, "socket_timeout": 15}],
                "prefix": f"kaigon-e2e-{os.getpid()}",
            },
        }
    }
    return layers, True


def _server_application():
    # Module level so the server process can build it (also under "spawn").
    from channels.routing import get_default_application

    return get_default_application()


def _prepare_server_process(database_name: str, db_blocker) -> None:
    """Runs in the server process before it serves."""
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync
    from django.db import connections

    # A fork keeps the parent's executor objects but not their threads: work
    # queued to asgiref's one sync thread would wait forever.
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    # The fork inherits pytest-django's guard that refuses database access
    # outside marked tests; the server is not a test, it serves them.
    db_blocker.unblock()
    # The server checks async-unsafe ORM use as production does.
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    settings.DATABASES["default"]["NAME"] = database_name
    connections["default"].settings_dict["NAME"] = database_name


@pytest.fixture(scope="package")
def e2e_server(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[LiveServer]:
    from daphne.testing import DaphneProcess
    from django.db import connections
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                pytest.fail(
                    "The e2e server needs a file database; tests/e2e/conftest.py "
                    "sets one unless DATABASES TEST NAME is in-memory.",
                    pytrace=False,
                )
        # The child must open its own connections, never share the parent's.
        connections.close_all()
    database_name = settings.DATABASES["default"]["NAME"]
    channel_layers, shared = _live_channel_layers()
    files = tmp_path_factory.mktemp("e2e-server")
    mail_dir, media_dir = files / "mail", files / "media"
    overrides = override_settings(
        CHANNEL_LAYERS=channel_layers,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, SERVER_HOST],
        # Mails as files a test can open, as a person opens their inbox.
        EMAIL_BACKEND="kaigon.mail.OneFilePerMessageBackend",
        EMAIL_FILE_PATH=mail_dir,
        MEDIA_ROOT=media_dir,
    )
    overrides.enable()
    server = DaphneProcess(
        host=SERVER_HOST,
        get_application=_server_application,
        setup=partial(_prepare_server_process, database_name, django_db_blocker),
    )
    server.daemon = True
    server.start()
    try:
        if not server.ready.wait(SERVER_START_TIMEOUT_SECONDS):
            detail = server.errors.get(False)[1] if not server.errors.empty() else ""
            pytest.fail(f"The e2e Daphne server did not start.\n{detail}")
        port = server.port.value
        yield LiveServer(
            url=f"http://{SERVER_HOST}:{port}",
            ws_url=f"ws://{SERVER_HOST}:{port}",
            shares_channel_layer=shared,
            mail_dir=mail_dir,
            media_dir=media_dir,
        )
    finally:
        server.terminate()
        server.join(10)
        overrides.disable()


@pytest.fixture(scope="package")
def live_server_url(e2e_server: LiveServer) -> str:
    return e2e_server.url


@pytest.fixture
def shared_channel_layer(e2e_server: LiveServer) -> None:
    if not e2e_server.shares_channel_layer:
        missing(
            "Redis",
            "start a Redis server or set REDIS_URL before the e2e tests start "
            "(the browser's socket and the test must share a channel layer)",
        )


@pytest.fixture
def outside_event_loop() -> Iterator[Callable[..., Any]]:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-sync") as pool:

        def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            def call() -> Any:
                from django.db import connections

                try:
                    return function(*args, **kwargs)
                finally:
                    connections.close_all()

            return pool.submit(call).result()

        yield run


# --- browser ------------------------------------------------------------------


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API runs an asyncio loop on the test thread, so Django
    # would refuse the test's own ORM calls (data set-up, the flush after each
    # test). Only for this package; the server process removes it again.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(e2e_server: LiveServer):
    # Depends on the server so that it forks before Playwright starts threads.
    if not CHROMIUM.exists():
        missing("Chromium", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright", "pip install -e '.[dev]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _session_cookie_for(user, server_url: str) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": server_url,
        "httpOnly": True,
        "sameSite": "Lax",
    }


def _artifact_name(item: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name).strip("_")[:120]


@pytest.fixture
def _page_log() -> dict:
    """Per page made in this test: its console errors and uncaught exceptions."""
    return {}


@pytest.fixture
def new_page(request, browser, live_server_url: str, _page_log: dict):
    contexts = []
    pages = []

    def make(user=None, **context_options):
        options = {"locale": "en-US", "base_url": live_server_url, **context_options}
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        if user is not None:
            context.add_cookies([_session_cookie_for(user, live_server_url)])
        page = context.new_page()
        errors: list[str] = []
        page.on(
            "console",
            lambda message: (
                errors.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        _page_log[id(page)] = errors
        pages.append(page)
        return page

    yield make

    if _test_failed(request.node):
        artifacts = Path(settings.VAR_DIR)
        artifacts.mkdir(parents=True, exist_ok=True)
        base = f"e2e-{_artifact_name(request.node)}"
        for number, page in enumerate(pages, start=1):
            name = base if number == 1 else f"{base}-{number}"
            try:
                page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
            except Exception as error:  # a crashed page must not hide the failure
                (artifacts / f"{name}.png.error").write_text(str(error))
            log = [f"url: {page.url}", *_page_log.get(id(page), [])]
            (artifacts / f"{name}.log").write_text("\n".join(log) + "\n")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def logged_in_page(new_page):
    def make(user, **context_options):
        return new_page(user=user, **context_options)

    return make


@pytest.fixture
def browser_errors(_page_log: dict) -> Callable[[Any], list[str]]:
    def errors_of(page) -> list[str]:
        return list(_page_log.get(id(page), []))

    return errors_of
