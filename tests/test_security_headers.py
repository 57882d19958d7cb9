"""Every HTML response carries the security headers; pages with personal data are never cached."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

REPO = Path(__file__).resolve().parents[1]


def csp(response):
    return dict(
        ([*part.strip().split(" ", 1), ""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_html_responses_carry_csp_nosniff_frame_and_referrer_policies(client, duty_officer, signed_in):
    if signed_in:
        client.force_login(duty_officer)
    response = client.get(reverse("detainees:board") if signed_in else reverse("login"))
    assert response.status_code == 200
    policy = csp(response)
    assert policy["script-src"] == "'self'" and "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_for_a_signed_in_user_are_not_stored(client, facility, duty_officer):
    from detainees import services
    from detainees.tests.conftest import person_data, record_data

    booked = services.book_in(actor=duty_officer, person_data=person_data(), record_data=record_data(facility))
    client.force_login(duty_officer)
    for url in (booked.get_absolute_url(), reverse("detainees:record-list"), reverse("detainees:board")):
        cache = client.get(url)["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url


def test_hsts_lasts_at_least_a_year_over_https_in_production(client, settings):
    assert settings.SECURE_HSTS_SECONDS >= 365 * 24 * 3600  # the default with DEBUG off
    response = client.get(reverse("login"), secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_cookies_are_secure_http_only_and_same_site_in_production(settings):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_no_template_has_an_inline_script_style_or_event_handler():
    import re

    offenders = []
    for path in (REPO / "templates").rglob("*.html"):
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", r'\sstyle="', r"\son[a-z]+=\""):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(REPO)}: {pattern}")
    assert offenders == []


def test_the_deployment_check_reports_nothing_with_the_documented_production_environment():
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")},
        "DEBUG": "0",
        "SECRET_KEY": "p" + "8Xq2vL0sN4kR7tW1yB5mC9dF3hJ6gZ" * 2,
        "PSEUDONYM_KEY": "k" + "Tz4Rw8Yp2Lm6Qs0Vx3Nb7Hc1Jd5Gf9" * 2,
        "INTEGRITY_SIGNING_KEY": "cHJvZHVjdGlvbi1saWtlIHNpZ25pbmcga2V5IDMyIGI=",
        "ALLOWED_HOSTS": "custody.example.gov.ua",
        "SECURE_SSL_REDIRECT": "1",
        "BEHIND_TLS_PROXY": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
