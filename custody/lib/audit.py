"""Attribute django-auditlog rows to the acting user, inside or outside a request."""

from contextlib import contextmanager

from auditlog.context import auditlog_value, set_extra_data


@contextmanager
def acting_as(actor):
    """Record `actor` on audit rows written inside the block.

    Inside a request the middleware's address is kept; afterwards the request's own context is
    restored (auditlog's context manager leaves its own value behind otherwise).
    """
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = None
    inherited = {}
    if outer and getattr(outer.get("actor"), "pk", None) == actor.pk:
        inherited = {k: outer.get(k) for k in ("remote_addr", "remote_port")}
    try:
        with set_extra_data(context_data={**inherited, "actor": actor}):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)
