"""A fresh one-time token for a test's POST: `client.post(url, {**data, **once()})`."""

import uuid

from custody.submits.once import FIELD


def once():
    return {FIELD: str(uuid.uuid4())}
