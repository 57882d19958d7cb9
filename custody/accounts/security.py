"""Security events and session limits.

Each event is written once, from the signal Django (or django-axes) sends for it; the session
middleware enforces the absolute lifetime and renews the idle timeout (the stored session's
age) at most once a minute, so a page refreshed all day does not write on every request.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from custody.lib.audit import client_ip

from .models import SecurityEvent, SecurityEventKind, User, UserSession

SESSION_STARTED = "security.started_at"
SESSION_RENEWED = "security.renewed_at"
# How often a session's idle timeout and "last seen" are renewed: the timeout then runs from the
# last request to within this, and a board refreshing every few seconds writes once a minute.
RENEW_EVERY = timedelta(minutes=1)


def record(kind, *, request=None, user=None, username="", actor=None, detail=""):
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or getattr(user, "username", ""))[:150],
        actor=actor,
        ip=client_ip(request) if request is not None else None,
        detail=detail[:300],
    )


def on_login(sender, request, user, **kwargs):
    request.session[SESSION_STARTED] = request.session[SESSION_RENEWED] = timezone.now().isoformat()
    request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip": client_ip(request),
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )
    record(SecurityEventKind.LOGIN, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the username: Django already masks the password in `credentials`, and we drop the rest.
    username = str(credentials.get("username", ""))
    user = User.objects.filter(username=username).first()
    record(SecurityEventKind.LOGIN_FAILED, request=request, user=user, username=username)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    user = User.objects.filter(username=username).first()
    record(
        SecurityEventKind.LOCKED_OUT,
        request=request,
        user=user,
        username=username or "",
        detail=_("locked for %(minutes)s minutes") % {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
    )


def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    record(SecurityEventKind.LOGOUT, request=request, user=user)


def on_user_saved(sender, instance, created, **kwargs):
    # set_password() keeps the raw value until save() has finished; it is never stored here.
    if getattr(instance, "_password", None) is not None and not created:
        record(SecurityEventKind.PASSWORD_CHANGED, user=instance, actor=_current_actor())
    if not created and "is_active" in (kwargs.get("update_fields") or ()) and not instance.is_active:
        record(SecurityEventKind.DEACTIVATED, user=instance, actor=_current_actor())


def on_roles_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    from django.contrib.auth.models import Group

    names = ", ".join(sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True)))
    verb = {"post_add": "+", "post_remove": "−", "post_clear": "∅"}[action]
    record(SecurityEventKind.ROLE_CHANGED, user=instance, actor=_current_actor(), detail=f"{verb} {names}".strip())


def _current_actor():
    from custody.lib.audit import current_actor

    return current_actor.get()


class SessionLimitsMiddleware:
    """An absolute cap on a session's life, and the "last seen" of each session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            now = timezone.now()
            if started is None or now - datetime.fromisoformat(started) > settings.SESSION_ABSOLUTE_AGE:
                # Ended by the clock, not by the user: one "expired" event, no "signed out".
                record(SecurityEventKind.SESSION_EXPIRED, request=request, user=user)
                UserSession.objects.filter(session_key=request.session.session_key).delete()
                request.session.flush()
                request.user = AnonymousUser()
                messages.info(request, _("Your session reached its time limit; please sign in again."))
                return redirect(settings.LOGIN_URL)
            renewed = request.session.get(SESSION_RENEWED)
            if renewed is None or now - datetime.fromisoformat(renewed) >= RENEW_EVERY:
                request.session[SESSION_RENEWED] = now.isoformat()  # saved with a fresh expiry
                UserSession.objects.filter(session_key=request.session.session_key).update(
                    last_seen_at=now, ip=client_ip(request)
                )
        return self.get_response(request)


def drop_sessions(user_sessions):
    """Delete these sessions on the server (their cookies become worthless) and their listing rows."""
    Session.objects.filter(session_key__in=user_sessions.values("session_key")).delete()
    user_sessions.delete()


def end_session(*, actor, user_session, request=None):
    """End one of the actor's other sessions."""
    if user_session.user_id != actor.pk:
        raise PermissionError
    drop_sessions(UserSession.objects.filter(pk=user_session.pk))
    record(
        SecurityEventKind.SESSION_ENDED,
        request=request,
        user=actor,
        actor=actor,
        detail=f"{user_session.ip or ''} {user_session.user_agent[:80]}".strip(),
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account: a page saying for how long (429 Too Many Requests)."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
