"""The signed-in user's own account (sessions, second factor) and administrators' second-factor pages."""

from django.contrib import messages
from django.contrib.sessions.models import Session
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custody.lib import access

from . import security, twofactor
from .forms import CodeForm, OwnEnrolForm, PasswordForm, ResetForm
from .models import SecurityEvent, User, UserSession

# Security events an administrator sees on a person's second-factor page.
RECENT_EVENTS = 15


@require_safe
def sessions(request):
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    rows = UserSession.objects.filter(user=request.user, session_key__in=live).order_by("-last_seen_at")
    return render(
        request,
        "accounts/sessions.html",
        {
            "rows": rows,
            "current": request.session.session_key,
        },
    )


@require_POST
def end_session(request, pk):
    row = get_object_or_404(
        UserSession.objects.filter(user=request.user).exclude(session_key=request.session.session_key), pk=pk
    )
    security.end_session(actor=request.user, user_session=row, request=request)
    messages.success(request, _("That session has been ended."))
    return redirect("accounts:sessions")


# --- Second factor ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def second_factor(request):
    """After the password: a code from the authenticator app or a recovery code."""
    if request.user.is_verified():
        return redirect(twofactor.safe_next(request, "home"))
    enrolled = twofactor.has_second_factor(request.user)
    form = CodeForm(request.POST if request.method == "POST" and enrolled else None)
    if form.is_bound and form.is_valid():
        try:
            twofactor.verify(request, form.cleaned_data["code"])
        except twofactor.CodeRefused as refused:
            if refused.wait_seconds:
                form.add_error(
                    "code",
                    ngettext(
                        "Too many wrong codes. Wait %(seconds)s second, then try again.",
                        "Too many wrong codes. Wait %(seconds)s seconds, then try again.",
                        refused.wait_seconds,
                    )
                    % {"seconds": refused.wait_seconds},
                )
            else:
                form.add_error("code", _("That code was not accepted. A code works only once; wait for the next one."))
        else:
            return redirect(twofactor.safe_next(request, "home"))
    return render(
        request,
        "registration/second_factor.html",
        {
            "form": form,
            "enrolled": enrolled,
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


def _subject(request, pk):
    """Whose second factor a page is about: one's own, or (administrators) anyone's."""
    if pk is None:
        return request.user
    access.require(access.may_manage_accounts(request.user))
    return get_object_or_404(User, pk=pk)


@require_safe
def two_factor(request, pk=None):
    return _two_factor_page(request, _subject(request, pk))


def _two_factor_page(request, subject, reset_form=None, status=200):
    own = subject == request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "subject": subject,
            "own": own,
            "device": twofactor.app_device(subject),
            "codes_left": twofactor.recovery_codes_left(subject),
            "reset_form": None if own else (reset_form or ResetForm()),
            "events": None
            if own
            else SecurityEvent.objects.filter(user=subject).select_related("actor")[:RECENT_EVENTS],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def enrol(request, pk=None):
    """Show the secret as a QR code; the first code read from the phone confirms it."""
    subject = _subject(request, pk)
    key = twofactor.pending_secret(request, subject)
    own = subject == request.user
    form = OwnEnrolForm(request.POST or None, user=subject) if own else CodeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            codes = twofactor.enrol(
                actor=request.user, user=subject, key=key, code=form.cleaned_data["code"], request=request
            )
        except twofactor.CodeRefused:
            form.add_error(
                "code", _("That code does not match. Check the phone's clock and type the code it shows now.")
            )
        else:
            return _show_recovery_codes(request, subject, codes)
    return render(
        request,
        "accounts/enrol.html",
        {
            "subject": subject,
            "own": own,
            "form": form,
            **twofactor.provisioning(subject, key),
        },
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    form = PasswordForm(request.POST or None, user=request.user)
    if form.is_bound and form.is_valid():
        codes = twofactor.new_recovery_codes(actor=request.user, user=request.user, request=request)
        return _show_recovery_codes(request, request.user, codes)
    return render(request, "accounts/new_recovery_codes.html", {"form": form})


def _show_recovery_codes(request, subject, codes):
    # Answered directly, never stored for a later page: the codes are shown this once.
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "subject": subject,
            "own": subject == request.user,
            "codes": codes,
        },
    )


@require_POST
def reset(request, pk):
    subject = _subject(request, pk)
    form = ResetForm(request.POST)
    if not form.is_valid():
        return _two_factor_page(request, subject, reset_form=form, status=400)
    twofactor.reset(actor=request.user, user=subject, reason=form.cleaned_data["reason"], request=request)
    messages.success(
        request,
        _(
            "The second factor of %(user)s was reset and their sessions ended. "
            "Enrol a new authenticator with them in person."
        )
        % {"user": subject},
    )
    return redirect("accounts:user-two-factor", pk=subject.pk)
