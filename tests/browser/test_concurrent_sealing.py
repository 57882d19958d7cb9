"""Two officers writing at once through the real server (two gunicorn workers) never fork their log.

Not a Chromium test: plain HTTP clients in threads against the same live stack, then
`verify_integrity` run against its database.
"""

import re
import threading
import urllib.parse
import urllib.request
from datetime import datetime
from http.cookiejar import CookieJar
from zoneinfo import ZoneInfo

import pytest

from .conftest import DEMO_PASSWORD
from .helpers import demo_code

pytestmark = pytest.mark.browser

WRITES_EACH = 12


class Officer:
    def __init__(self, base_url, username):
        self.base = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        self.post("/login/code/", {"code": demo_code(username)})

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path, data):
        _status, page = self.get(path)
        # The form's hidden tokens (CSRF, and the one-time token of a create form) as a browser sends them.
        hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|submit_token)" value="([^"]+)"', page))
        body = urllib.parse.urlencode({**data, **hidden}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl()


def leaves(output):
    """The leaves verified, from "Intact: N logs, M leaves and K signed heads verified." (in either language)."""
    return int(re.findall(r"\d+", output)[1])


def test_concurrent_entries_from_two_officers_are_sealed_into_one_unbroken_log(live_site, live_manage):
    before = live_manage("verify_integrity")
    assert before.returncode == 0, before.stderr
    duty, head = Officer(live_site, "duty"), Officer(live_site, "head")
    _status, listing = duty.get("/records/")
    record = re.search(r'href="/records/(\d+)/"', listing).group(1)
    failures = []

    def write(officer, name):
        for n in range(WRITES_EACH):
            now = datetime.now(ZoneInfo("Europe/Kyiv")).strftime("%Y-%m-%dT%H:%M")
            status, landed = officer.post(
                f"/records/{record}/entries/note/", {"occurred_at": now, "text": f"{name} {n}"}
            )
            if not landed.rstrip("/").endswith(f"/records/{record}"):
                failures.append((name, n, status, landed))

    threads = [
        threading.Thread(target=write, args=(officer, name)) for officer, name in ((duty, "duty"), (head, "head"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

    after = live_manage("verify_integrity")
    assert after.returncode == 0, after.stderr
    # Each note is two leaves of the facility's log: the entry and its audit row.
    assert leaves(after.stdout) == leaves(before.stdout) + 2 * 2 * WRITES_EACH
