"""Attribute django-auditlog rows to the acting user, inside or outside a request."""

from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_extra_data
from auditlog.middleware import AuditlogMiddleware
from django.db import connection


# Who is acting right now (request user or service actor); reset when the block ends, unlike
# auditlog's own context, which keeps its last value.
current_actor = ContextVar("current_actor", default=None)

# Called when a service write begins inside a transaction: oversight registers its chain-head
# lock here, so every writer takes that lock before any other and writers queue, not deadlock.
on_write_start = []


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
    if connection.in_atomic_block:
        for hook in on_write_start:
            hook()
    token = current_actor.set(actor)
    try:
        with set_extra_data(context_data={**inherited, "actor": actor}):
            yield
    finally:
        current_actor.reset(token)
        if outer is not None:
            auditlog_value.set(outer)


def client_ip(request):
    """The client's address, for the audit trail and the read log.

    X-Forwarded-For is believed only when the request came from a proxy listed in
    TRUSTED_PROXIES (anyone can send the header); then the right-most address the proxies did
    not add themselves is the client.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    if remote not in settings.TRUSTED_PROXIES:
        return remote
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in settings.TRUSTED_PROXIES:
            return hop
    return remote


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, taking the address from `client_ip` rather than trusting any header."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = current_actor.set(user if user is not None and user.is_authenticated else None)
        try:
            return super().__call__(request)
        finally:
            current_actor.reset(token)
