"""Every POST without the CSRF token is refused (403) before any view runs, whoever sends it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from custody.accounts.tests.client import Client
from integrity.log import sealed
from tests.test_access_matrix import PASSWORD, TARGETS, written_tables


def _callbacks(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def test_no_view_is_exempt_from_csrf_checks():
    exempt = [p.pattern for p in _callbacks(get_resolver().url_patterns) if getattr(p.callback, "csrf_exempt", False)]
    assert exempt == []


@pytest.mark.parametrize(
    "role", ["duty_officer", "facility_head", "inspector", "monitor", "administrator", "anonymous"]
)
def test_a_post_without_the_token_is_refused_everywhere_and_writes_nothing(worlds, request, role):
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        user = request.getfixturevalue(role)
        with sealed():  # a national object: the change goes into the national log
            user.set_password(PASSWORD)
            user.save()
        client.force_login(user)
    answers = {}
    for name, (arguments, payload) in TARGETS.items():
        world = worlds["own"]
        kwargs = arguments(world) if callable(arguments) else arguments
        url = reverse("admin:index") if name == "admin" else reverse(name, kwargs=kwargs)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            answers[name] = client.post(url, payload(world) if callable(payload) else (payload or {})).status_code
        assert written_tables(queries) == set(), name
    assert {name: status for name, status in answers.items() if status != 403} == {}
