"""A GET changes nothing: every URL, for every role, in every scope writes to no table but the logs.

The logs a GET may write are the session, the read log and security telemetry (`LOG_TABLES`).
"""

import pytest

from tests.test_access_matrix import ROLES, sweep


@pytest.mark.parametrize("role", ROLES)
def test_no_get_request_writes_anything_but_the_logs(worlds, request, role):
    answers, writes = sweep(role, worlds, request, methods=("GET",))
    assert answers  # the sweep asked every URL
    assert writes == {}
