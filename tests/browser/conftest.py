"""A production-like site and a headless Chromium for the browser journeys.

The site is not pytest-django's `live_server`: the timeline tables carry database triggers that
refuse DELETE and TRUNCATE, so Django's test-database flush cannot run against them. Instead,
once per session, the real stack is started in subprocesses exactly as it is deployed (DEBUG
off, collected static files served by whitenoise, gunicorn) on a database of its own, seeded
with the demo data. Tests never touch that database directly (no `db` fixture): everything
goes through the browser.
"""

import base64
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "screenshots"
# The demo accounts' password, as `seed_demo` sets it; handed to the server so both agree.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "custody-demo-2026"
# The demo accounts' authenticator secret, as `seed_demo` enrols it (printed in the README).
DEMO_TOTP_SECRET = os.environ.get("DEMO_TOTP_SECRET") or "CUSTODYRECORDSDEMOSECRETKEY23456"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STARTUP_TIMEOUT = 30  # seconds for gunicorn to answer /login/


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The live site's environment, so a test can run manage.py against the same database.
LIVE_ENV = {}


def _manage(env, *args, check=True):
    """Run one manage.py command like a deployment script would; fail the session with its output."""
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command[1:])}` failed with exit code {result.returncode}:\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )
    return result


@pytest.fixture
def live_manage(live_site):
    """Run a manage.py command against the live site's database: returns the CompletedProcess."""
    return lambda *args: _manage(LIVE_ENV, *args, check=False)


class _PostgresDatabase:
    """A throwaway database next to the one DATABASE_URL names, created and dropped here."""

    def __init__(self, url):
        import psycopg
        from psycopg import sql

        self._psycopg, self._sql = psycopg, sql
        parts = urlsplit(url)
        original = parts.path.lstrip("/") or "custody"
        self.name = f"{original}_browser_{os.getpid()}"[:63]
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self._maintenance_url = urlunsplit(parts._replace(path="/postgres", query=""))

    def _execute(self, statement):
        with self._psycopg.connect(self._maintenance_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self):
        identifier = self._sql.Identifier(self.name)
        self._execute(self._sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        self._execute(self._sql.SQL("CREATE DATABASE {}").format(identifier))

    def drop(self):
        self._execute(self._sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(self._sql.Identifier(self.name)))


def _wait_until_up(url, server, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = error
        time.sleep(0.2)
    state = f"exited with code {server.returncode}" if server.poll() is not None else "still not answering"
    pytest.fail(
        f"gunicorn {state} after {STARTUP_TIMEOUT}s; last error: {last_error}\n"
        f"--- server log ---\n{log_path.read_text(errors='replace')}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def live_site():
    """Base URL (no trailing slash) of the real stack, seeded with the demo data, for the whole session."""
    with tempfile.TemporaryDirectory(prefix="custody-browser-") as tmp:
        tmp = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "custody.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "INTEGRITY_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "SECURE_COOKIES": "0",  # plain http on loopback
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "BEHIND_TLS_PROXY": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(tmp / "static"),
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "DEMO_TOTP_SECRET": DEMO_TOTP_SECRET,
            "PYTHONUNBUFFERED": "1",
        }
        database = None
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            database = _PostgresDatabase(os.environ["DATABASE_URL"])
            database.create()
            env["DATABASE_URL"] = database.url
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp / 'browser.sqlite3'}"

        server = None
        log_path = tmp / "gunicorn.log"
        try:
            _manage(env, "migrate", "--no-input")
            _manage(env, "collectstatic", "--no-input")
            _manage(env, "seed_demo", "--force")
            port = _free_port()
            base_url = f"http://127.0.0.1:{port}"
            with open(log_path, "wb") as log:
                server = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "--access-logfile",
                        "-",
                        "custody.wsgi",
                    ],
                    cwd=REPO_ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            _wait_until_up(f"{base_url}/login/", server, log_path)
            LIVE_ENV.update(env)
            yield base_url
        finally:
            if server is not None and server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            if database is not None:
                database.drop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless; Playwright's own browser downloads are not used."""
    executable = shutil.which("chromium")
    if executable is None:
        # Never a skip: CI must not pass with the browser journeys silently left out.
        where = "in CI" if os.environ.get("CI") else "on this machine"
        pytest.fail(f"chromium is not installed {where}; install Debian's `chromium` package.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_errors():
    """Uncaught script errors and failed asset loads seen by `page`; a journey asserts it stays empty."""
    return []


@pytest.fixture
def page(browser, live_site, browser_errors):
    """A fresh, logged-out browser context per test, in English, at a desk-monitor size."""
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900}, base_url=live_site)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("pageerror", lambda error: browser_errors.append(f"script error: {error}"))
    # A load the browser cancels because the page moved on (net::ERR_ABORTED) is not a fault of the
    # page; any other failure is. A missing asset answers 404 and is caught as a bad response.
    tab.on(
        "requestfailed",
        lambda request: (
            None
            if request.failure == "net::ERR_ABORTED"
            else browser_errors.append(f"request failed: {request.url} ({request.failure})")
        ),
    )
    tab.on(
        "response",
        lambda response: (
            browser_errors.append(f"{response.status} for {response.url}")
            if response.status >= 400 and "/static/" in response.url
            else None
        ),
    )
    # Anything the Content-Security-Policy blocked (an inline script or style that slipped in).
    tab.on(
        "console",
        lambda message: (
            browser_errors.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    tab.on(
        "response",
        lambda response: (
            browser_errors.append(f"HTTP {response.status}: {response.url}")
            if "/static/" in response.url and response.status >= 400
            else None
        ),
    )
    yield tab
    context.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
