"""Statistics dashboard and CSV exports of records and obligations, within the user's scope."""

from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from custody.lib import access

from ..models import AccessKind
from ..readlog import services as readlog
from ..readlog.identity import viewer
from . import charts, exports, selectors
from .forms import StatsFilterForm

EXPORTS = {"records": exports.record_table, "obligations": exports.obligation_table}


@require_GET
def dashboard(request):
    access.require(access.may_see_statistics(request.user))
    form = StatsFilterForm(request.GET, user=request.user)
    context = {
        "form": form,
        "can_export": access.may_export(request.user),
        "can_open_records": access.may_read_records(request.user),
    }
    if not form.is_valid():
        # 400 so the read log keeps the attempt (AccessLogMiddleware).
        return render(request, "oversight/statistics.html", context, status=400)
    start, end = form.period()
    figures = selectors.dashboard(
        user=request.user, facilities=form.facilities(), start=start, end=end, now=timezone.now()
    )
    context.update(figures=figures, chart_data=charts.chart_data(figures), query=form.query_string())
    return render(request, "oversight/statistics.html", context)


@require_GET
def export_csv(request, kind):
    access.require(access.may_export(request.user))
    if kind not in EXPORTS:
        raise Http404
    form = StatsFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, errors in form.errors.items()
            for message in errors
        ]
        return HttpResponseBadRequest(
            "\n".join([_("The export was refused:"), *problems]), content_type="text/plain; charset=utf-8"
        )
    start, end = form.period()
    facilities = form.facilities()
    ids = exports.record_ids(facilities=facilities, start=start, end=end)
    date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    codes = ",".join(facilities.order_by("code").values_list("code", flat=True))
    # Logged before the first byte: an export cut short was still an export.
    readlog.log(
        request,
        AccessKind.EXPORT,
        detail=f"{kind} csv: records {len(ids)}, detained {date_from}..{date_to}, facilities {codes or '-'}",
    )
    table = EXPORTS[kind](viewer=viewer(request.user), ids=ids, now=timezone.now())
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), exports.csv_lines(table)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="custody-{kind}-{date_from}_{date_to}.csv"'
    return response


def _in_language(language, lines):
    # The rows are produced after the view returns; keep the request's language for them.
    with translation.override(language):
        yield from lines
