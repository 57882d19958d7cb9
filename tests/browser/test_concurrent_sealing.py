"""Two officers writing at once through the real server (two gunicorn workers) never fork the chain.

Not a Chromium test: plain HTTP clients in threads against the same live stack, then
`verify_audit_chain` run against its database.
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
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl()


def counts(output):
    return {name: int(n) for name, n in re.findall(r"(\w+): intact — (\d+) entries", output)}


def test_concurrent_entries_from_two_officers_are_sealed_into_one_unbroken_chain(live_site, live_manage):
    before = live_manage("verify_audit_chain")
    assert before.returncode == 0, before.stderr
    duty, head = Officer(live_site, "duty"), Officer(live_site, "head")
    _status, listing = duty.get("/records/")
    record = re.search(r'href="/records/(\d+)/"', listing).group(1)
    failures = []

    def write(officer, name):
        for n in range(WRITES_EACH):
            now = datetime.now(ZoneInfo("Europe/Kyiv")).strftime("%Y-%m-%dT%H:%M")
            status, landed = officer.post(f"/records/{record}/entries/note/", {"occurred_at": now, "text": f"{name} {n}"})
            if not landed.rstrip("/").endswith(f"/records/{record}"):
                failures.append((name, n, status, landed))

    threads = [threading.Thread(target=write, args=(officer, name)) for officer, name in ((duty, "duty"), (head, "head"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []

    after = live_manage("verify_audit_chain")
    assert after.returncode == 0, after.stderr
    assert counts(after.stdout)["timeline"] == counts(before.stdout)["timeline"] + 2 * WRITES_EACH
