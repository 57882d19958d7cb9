"""What static/js/charts.js draws of the dashboard's figures."""

from django.utils.translation import gettext as _

from detainees.models import LegalBasis

from .services import Outcome

# Colour-blind-safe palette (Okabe & Ito); each meaning keeps its colour on every chart.
COLOURS = {
    Outcome.ON_TIME: "#009E73",
    Outcome.LATE: "#E69F00",
    Outcome.MISSED: "#D55E00",
    Outcome.PENDING: "#999999",
    LegalBasis.CPC_208: "#0072B2",
    LegalBasis.CPC_191: "#56B4E9",
    LegalBasis.CAO_262: "#CC79A7",
    LegalBasis.OTHER: "#999999",
    "durations": "#0072B2",
    "arrival": "#E69F00",
    "custody": "#D55E00",
}


def chart_data(figures):
    """What static/js/charts.js draws, labels already translated (read through json_script)."""
    records = _("records")
    return {
        "detentions": {
            "labels": [label for label, _counts in figures.series],
            "axis": records,
            "datasets": [
                {
                    "label": str(label),
                    "colour": COLOURS[value],
                    "data": [counts[value] for _l, counts in figures.series],
                }
                for value, label in figures.series_columns
            ],
        },
        "obligations": {
            "labels": [group.label for group in figures.obligations],
            "axis": records,
            "datasets": [
                {
                    "label": str(Outcome(o).label),
                    "colour": COLOURS[o],
                    "data": [g.counts[o] for g in figures.obligations],
                }
                for o in Outcome
            ],
        },
        "durations": {
            "labels": [label for label, _count in figures.durations],
            "axis": records,
            "datasets": [
                {
                    "label": records,
                    "colour": COLOURS["durations"],
                    "data": [count for _label, count in figures.durations],
                }
            ],
        },
        "injuries": {
            "labels": [_("on arrival"), _("during custody")],
            "axis": records,
            "datasets": [
                {
                    "label": records,
                    "colour": [COLOURS["arrival"], COLOURS["custody"]],
                    "data": [figures.injuries_on_arrival, figures.injuries_in_custody],
                }
            ],
        },
    }
