"""Attribute django-auditlog rows to the acting user outside a request (services, commands)."""

from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor


@contextmanager
def acting_as(actor):
    """Record `actor` on audit rows written inside the block, unless a request already did."""
    try:
        current = auditlog_value.get()
    except LookupError:
        current = None
    if current and current.get("actor") is not None and current["actor"].pk == actor.pk:
        yield
        return
    with set_actor(actor):
        yield
