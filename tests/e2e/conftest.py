"""Browser tests: the portal served by a real HTTP server in a background thread, on its own
scratch database with CSRF protection on, driven by Debian's Chromium through Playwright.

Every test fails when the server answers with a 5xx status.

Accessibility: every test calls ``assert_accessible(page)`` after each navigation (explicit
calls, rather than a hook on the page's load event that would race the test's next action).
The ``page`` fixture keeps those calls honest: when a test ends it checks the page it ends on,
if that has not been checked yet, and fails if any other document the test loaded went
unchecked.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from portal.notifications.models import MessageStatus, OutboxMessage
from portal.registry.models import ProfileStatus
from tests.conftest import TEST_QUEUE, app_settings, migrate_to_head
from tests.databases import create_scratch_database, drop_scratch_database
from tests.e2e import accessibility, steps
from tests.e2e.partnering_data import add_ad_people
from tests.e2e.search_data import add_search_profiles
from tests.factories import PASSWORD, make_organisation, make_user

CHROMIUM_FLAGS = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
CALL_FAILED = pytest.StashKey[bool]()
#: The widths every page is seen at: a phone's and a desktop's.
PHONE_WIDTH, DESKTOP_WIDTH = 390, 1280
SCREENSHOTS = "PORTAL_SCREENSHOTS"


@dataclass(frozen=True)
class Person:
    email: str
    totp_secret: str | None = None
    password: str = PASSWORD


@dataclass(frozen=True)
class LiveServer:
    url: str
    people: dict[str, Person]
    #: Shown on pages: the organisation the members belong to, the subject of a logged e-mail.
    published_organisation: str
    logged_subject: str
    #: The served app, for tests that add data of their own (committed in its app context) or
    #: play the worker's part (no worker runs here).
    app: object = None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium, or "
                    "tests/e2e/ensure-chromium.sh): the browser tests need it")
    return path


def _people() -> dict[str, Person]:
    """The users of the browser tests, one per test that signs in (a code is accepted once),
    with addresses the sign-in form accepts (it refuses the special-use .test domain)."""
    pending = make_organisation(state="KZ", region="KZ-55", name="Pavlodar Machine Works")
    published = make_organisation(name="Kaluga Pharmaceutical Plant", status=ProfileStatus.PUBLISHED)
    roles = {
        "secretariat": (["secretariat"], True),
        "wrong_code": (["secretariat"], True),
        "new_admin": (["admin"], False),
        "admin": (["admin"], True),
        "secretariat_dashboard": (["secretariat"], True),
        "importer": (["secretariat"], True),
        "contact_point": (["contact_point:KZ"], False),
        "inviter": (["contact_point:KZ"], False),
        "council_member": (["council_member:RU"], True),
        "org_member": ([f"org_member:{published.id}"], False),
        "keyboard": ([f"org_member:{published.id}"], False),
        "language": ([f"org_member:{published.id}"], False),
    }
    people = {}
    for name, (role_specs, with_totp) in roles.items():
        user = make_user(*role_specs, email=f"{name}@example.org", with_totp=with_totp)
        people[name] = Person(user.email, user.totp_secret)
    people.update({name: Person(email) for name, email in add_ad_people().items()})
    db.session.add_all([
        OutboxMessage(recipient="someone@example.test", language="en", subject="Welcome to the portal",
                      body="Hello.\n", template="welcome", status=MessageStatus.LOGGED),
        OutboxMessage(recipient="nobody@example.test", language="ru", subject="Приглашение",
                      body="Здравствуйте.\n", template="invitation", status=MessageStatus.FAILED,
                      attempts=5, last_error="550 mailbox unavailable"),
    ])
    assert pending.status == ProfileStatus.PENDING
    return people


@pytest.fixture(scope="session")
def live_server(chromium_path, tmp_path_factory, monkeypatch_session):
    monkeypatch_session.setenv("PORTAL_TASK_QUEUE", TEST_QUEUE)
    database_url = create_scratch_database(tmp_path_factory.mktemp("e2e-db"), "e2e")
    app = create_app(app_settings(tmp_path_factory.mktemp("e2e-data"), database_url,
                                  WTF_CSRF_ENABLED=True))
    migrate_to_head(app)
    with app.app_context():
        people = _people()
        add_search_profiles()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="portal-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", people,
                         published_organisation="Kaluga Pharmaceutical Plant",
                         logged_subject="Welcome to the portal", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()
        drop_scratch_database(database_url)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {"headless": True, **browser_type_launch_args, "executable_path": chromium_path,
            "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The portal's CSP forbids inline script; axe is injected as one. bypass_csp lifts the
    # policy for the test's browser only: the app still sends it (tests/core/test_security.py).
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB",
            "viewport": {"width": DESKTOP_WIDTH, "height": 900}}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture
def page(page, request):
    """Playwright's page, with the accessibility bookkeeping of this module's docstring."""
    loaded: list[str] = []
    server_errors: list[str] = []

    def on_response(response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.request.method} {response.url}: {response.status}")

    page.on("load", lambda loaded_page: loaded.append(accessibility.without_fragment(loaded_page.url)))
    page.on("response", on_response)
    yield page
    try:
        if request.node.stash.get(CALL_FAILED, True) or page.is_closed():
            return
        assert not server_errors, f"the server failed: {server_errors}"
        if not accessibility.current_document_checked(page):
            accessibility.assert_accessible(page)
        unchecked = Counter(loaded) - Counter(accessibility.checked_documents(page).values())
        assert not unchecked, ("pages loaded without an accessibility check (call "
                               f"assert_accessible after each navigation): {sorted(unchecked)}")
    finally:
        accessibility.forget(page)


def pytest_terminal_summary(terminalreporter):
    if accessibility.minor_findings:
        terminalreporter.section("axe: minor and moderate findings (not blocking)")
        for line in sorted(set(accessibility.minor_findings)):
            terminalreporter.write_line(line)
    if steps.untranslated:
        terminalreporter.section("Russian still missing (the pages showed the English text)")
        for msgid in sorted(steps.untranslated):
            terminalreporter.write_line(repr(msgid))


@pytest.fixture(scope="session")
def screenshot_folder() -> Path:
    folder = Path(os.environ.get(SCREENSHOTS) or PROJECT_ROOT / "test-artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(page, request, screenshot_folder) -> Callable[[str], Path]:
    """Save the whole page as it is now, named after the test, ``name`` and the width."""
    callspec = getattr(request.node, "callspec", None)
    params = [str(value) for key, value in (callspec.params.items() if callspec else ())
              if key not in {"width", "browser_name"}]
    test = re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join([request.node.originalname, *params]))

    def take(name: str) -> Path:
        width = page.viewport_size["width"]
        path = screenshot_folder / f"{test}-{name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        return path
    return take


@pytest.fixture
def at_both_widths(page, screenshot) -> Callable[[str], list[Path]]:
    """Save the page at the phone's width and the desktop's, then restore the viewport."""
    def take(name: str) -> list[Path]:
        viewport = page.viewport_size
        paths = []
        for width in (PHONE_WIDTH, DESKTOP_WIDTH):
            page.set_viewport_size({"width": width, "height": viewport["height"]})
            paths.append(screenshot(name))
        page.set_viewport_size(viewport)
        return paths
    return take
