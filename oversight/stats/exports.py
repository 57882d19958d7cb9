"""CSV exports of records and of their obligations.

A fixed number of queries per chunk of records, so a year of a region streams in bounded memory.
"""

import csv
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from detainees.models import CustodyRecord

from ..readlog.identity import age_band
from .selectors import in_period, live_summaries, summary_fields
from .services import Outcome, outcome

EXPORT_CHUNK = 500

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _yes_no(value):
    return _("yes") if value else _("no")


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def record_ids(*, facilities, start, end):
    return list(
        CustodyRecord.objects.filter(in_period(facilities, start, end))
        .order_by("detained_at", "pk")
        .values_list("pk", flat=True)
    )


def _records(ids):
    by_pk = CustodyRecord.objects.select_related("person", "facility", "summary").in_bulk(ids)
    return [by_pk[pk] for pk in ids]


RECORD_COLUMNS = [
    gettext_lazy("record number"),
    gettext_lazy("facility"),
    gettext_lazy("person"),
    gettext_lazy("date of birth or age band"),
    gettext_lazy("sex"),
    gettext_lazy("citizenship"),
    gettext_lazy("legal basis"),
    gettext_lazy("detained at"),
    gettext_lazy("arrived at"),
    gettext_lazy("released or transferred at"),
    gettext_lazy("status"),
    gettext_lazy("hours in custody"),
    gettext_lazy("held past the legal limit"),
    gettext_lazy("uses of force"),
    gettext_lazy("injuries on arrival"),
    gettext_lazy("injuries during custody"),
]

OBLIGATION_COLUMNS = [
    gettext_lazy("record number"),
    gettext_lazy("person"),
    gettext_lazy("norm"),
    gettext_lazy("obligation"),
    gettext_lazy("legal citation"),
    gettext_lazy("due at"),
    gettext_lazy("met at"),
    gettext_lazy("outcome"),
    gettext_lazy("times missed"),
]


def _person(viewer, record):
    """Name and date of birth for whoever may see them; pseudonym and age band for everyone else."""
    if viewer.shows(record):
        return record.person.full_name, record.person.date_of_birth.isoformat()
    return viewer.name(record), age_band(record.person.age_on(timezone.localdate(record.detained_at)))


def record_table(*, viewer, ids, now):
    """The header, then a row per record; a fixed number of queries per chunk of records."""
    yield [str(c) for c in RECORD_COLUMNS]
    for chunk in _chunks(ids, EXPORT_CHUNK):
        records = _records(chunk)
        live = live_summaries([r for r in records if r.closed_at is None or not hasattr(r, "summary")], now)
        for record in records:
            summary = live[record.pk][0] if record.pk in live else summary_fields(record.summary)
            person, born = _person(viewer, record)
            yield [
                safe_cell(value)
                for value in (
                    record.number,
                    record.facility.name,
                    person,
                    born,
                    record.person.get_sex_display(),
                    record.person.citizenship.code or "",
                    record.get_legal_basis_display(),
                    _when(record.detained_at),
                    _when(record.arrived_at),
                    _when(record.closed_at),
                    record.get_status_display(),
                    round(summary["hours"], 1),
                    _yes_no(summary["over_limit"]),
                    summary["force_count"],
                    _yes_no(summary["injuries_on_arrival"]),
                    _yes_no(summary["injuries_in_custody"]),
                )
            ]


def obligation_table(*, viewer, ids, now):
    """The header, then a row per record and obligation owed (not-applicable ones left out)."""
    yield [str(c) for c in OBLIGATION_COLUMNS]
    for chunk in _chunks(ids, EXPORT_CHUNK):
        records = _records(chunk)
        computed = live_summaries(records, now)
        for record in records:
            person = _person(viewer, record)[0]
            for obligation in sorted(computed[record.pk][1], key=lambda o: (o.due_at is None, o.due_at, o.key)):
                result = outcome(obligation)
                if result is None:
                    continue
                yield [
                    safe_cell(value)
                    for value in (
                        record.number,
                        person,
                        obligation.key,
                        obligation.title,
                        obligation.citation,
                        _when(obligation.due_at),
                        _when(obligation.met_at),
                        str(Outcome(result).label),
                        len(obligation.missed),
                    )
                ]


class _Echo:
    """csv.writer writes into this and gets the line back, so each row can be streamed."""

    def write(self, value):
        return value


def csv_lines(table):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so Excel reads the file as UTF-8 (Cyrillic names, citations)
    for row in table:
        yield writer.writerow(row)
