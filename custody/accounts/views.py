"""The signed-in user's own sessions: where they are signed in, and ending the others."""

from django.contrib import messages
from django.contrib.sessions.models import Session
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import security
from .models import UserSession


def sessions(request):
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    rows = UserSession.objects.filter(user=request.user, session_key__in=live).order_by("-last_seen_at")
    return render(request, "accounts/sessions.html", {
        "rows": rows, "current": request.session.session_key,
    })


@require_POST
def end_session(request, pk):
    row = get_object_or_404(UserSession.objects.filter(user=request.user).exclude(
        session_key=request.session.session_key), pk=pk)
    security.end_session(actor=request.user, user_session=row, request=request)
    messages.success(request, _("That session has been ended."))
    return redirect("accounts:sessions")
