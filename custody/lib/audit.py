"""Attribute django-auditlog rows to the acting user, inside or outside a request."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, disable_auditlog, set_extra_data
from auditlog.diff import model_instance_diff
from auditlog.middleware import AuditlogMiddleware

# Who is acting right now (request user or service actor); reset when the block ends, unlike
# auditlog's own context, which keeps its last value.
current_actor = ContextVar("current_actor", default=None)

# The correlation id of the write in progress: django-auditlog stamps it on every audit row it
# writes (settings.AUDITLOG_CID_GETTER), so the writer can seal exactly the rows it caused.
_write = ContextVar("current_write", default=None)


def current_write():
    return _write.get()


@contextmanager
def writing(actor=None):
    """A new write: audit rows inside the block carry a fresh correlation id (and `actor`)."""
    token = _write.set(uuid.uuid4().hex)
    try:
        if actor is None:
            yield
        else:
            with acting_as(actor, new_write=False):
                yield
    finally:
        _write.reset(token)


@contextmanager
def acting_as(actor, *, new_write=True):
    """Record `actor` on audit rows written inside the block, as one write (see `writing`).

    Inside a request the middleware's address is kept; afterwards the request's own context is
    restored (auditlog's context manager leaves its own value behind otherwise).
    """
    if new_write:
        with writing(actor):
            yield
        return
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = None
    inherited = {}
    if outer and getattr(outer.get("actor"), "pk", None) == actor.pk:
        inherited = {k: outer.get(k) for k in ("remote_addr", "remote_port")}
    token = current_actor.set(actor)
    try:
        with set_extra_data(context_data={**inherited, "actor": actor}):
            yield
    finally:
        current_actor.reset(token)
        if outer is not None:
            auditlog_value.set(outer)


def create_audited(model, **fields):
    """Create a row and its audit row here, not in django-auditlog's handler: returns both.

    The writer then holds every row it must seal, so it need not search for them. The audit row
    is the one auditlog's own handler would write (same diff, actor, address, write id).
    """
    from auditlog.models import LogEntry
    from django.conf import settings

    with disable_auditlog():
        created = model.objects.create(**fields)
    changes = model_instance_diff(None, created, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
    row = LogEntry.objects.log_create(
        created,
        action=LogEntry.Action.CREATE,
        changes=changes,
        force_log=True,
        object_pk=str(created.pk),  # as its text column returns it
    )
    return created, row


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
