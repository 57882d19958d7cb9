"""The integrity page: verify the logs, sign their heads, export heads, key and verifier."""

import json
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from custody.lib import access
from oversight.models import AccessKind
from oversight.readlog import services as readlog

from . import evidence
from . import heads as signing
from . import verify as verification
from .forms import HeadFileForm
from .models import Log, Verification


@require_http_methods(["GET", "POST"])
def integrity(request):
    """Verify every log now, or also against a heads file kept outside the system."""
    access.require(access.may_see_integrity(request.user))
    report, upload = None, HeadFileForm()
    if request.method == "POST":
        access.require(access.may_verify(request.user))
        if "head" in request.FILES:
            upload = HeadFileForm(request.POST, request.FILES)
            if upload.is_valid():
                report = verification.verify(by=request.user, head_file=upload.cleaned_data["head"])
        else:
            # One log from its row, or all of them (the nightly command's job at national scale).
            chosen = Log.objects.filter(pk=request.POST.get("log")) if request.POST.get("log", "").isdecimal() else None
            report = verification.verify(by=request.user, only=chosen)
    logs = signing.with_latest_head(Log.objects.select_related("facility").order_by("key"))
    return render(
        request,
        "integrity/integrity.html",
        {
            "report": report,
            "upload": upload,
            "totals": Log.objects.aggregate(logs=Count("pk"), leaves=Sum("size")),
            "page": Paginator(logs, 50).get_page(request.GET.get("page")),
            "history": Verification.objects.select_related("by")[:20],
            "key_id": signing.key_id(signing.public_key()),
        },
        status=400 if upload.errors else 200,
    )


@require_POST
def sign(request):
    """Sign a head for every log that grew since its last one (also done every few minutes)."""
    access.require(access.may_verify(request.user))
    signed = signing.sign_all(by=request.user)
    messages.success(
        request,
        ngettext("%(count)s tree head signed.", "%(count)s tree heads signed.", len(signed)) % {"count": len(signed)}
        if signed
        else _("No log has grown since its last signed head."),
    )
    return redirect("integrity:page")


@require_safe
def heads(request):
    """The latest signed head of every log, as a file to keep outside the database."""
    access.require(access.may_see_integrity(request.user))
    document = verification.export_heads()
    document["exported_by"] = request.user.username
    readlog.log(request, AccessKind.HEAD_EXPORT, detail=_("%(count)s heads") % {"count": len(document["heads"])})
    return _download(
        json.dumps(document, indent=2, ensure_ascii=False),
        "application/json",
        f"custody-tree-heads-{timezone.localtime():%Y%m%d-%H%M}.json",
    )


@require_safe
def public_key(request):
    access.require(access.may_see_integrity(request.user))
    return _download(signing.public_key_pem(), "application/x-pem-file", "custody-records-public-key.pem")


@require_safe
def record_export(request, pk):
    """One record as JSON with every entry's leaf and inclusion proof, for the offline verifier."""
    record = access.get_record_for_viewer(request.user, pk)
    # The leaves hold every detail; a pseudonymised view cannot carry them.
    access.require(access.may_see_name(request.user, record))
    entries = list(record.entries.order_by("occurred_at", "pk"))
    readlog.log(request, AccessKind.EXPORT, record=record, detail=_("record with inclusion proofs"))
    return _download(
        json.dumps(evidence.export(record, entries), indent=2, ensure_ascii=False),
        "application/json",
        f"{record.number}-verifiable.json",
    )


@require_safe
def verifier(request):
    """The offline verifier (standard-library Python) to hand to a prosecutor with the key."""
    source = (Path(__file__).parent / "verifier.py").read_text(encoding="utf-8")
    return _download(source, "text/x-python", "custody_verify.py")


def _download(text, content_type, filename):
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
