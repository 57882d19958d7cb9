"""Who may share a cell: floor area per person and the separation rules.

The area comes from the norms (`area-per-person`); the separation rules have no number, so
they live here with their citations.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CRIMINAL_BASES, LegalBasis
from .obligations import limit_value

# Citations are text a reader reads: translated, so a Ukrainian page reads in Ukrainian.
SEPARATION_CITATION = _("Law on Pre-trial Detention art. 8; CAO art. 262; CPT/Inf(2002)15")
AREA_CITATION = _("CPT/Inf(2015)44")


def broken_rules(record, cell, occupants, norm_versions):
    """Messages for every rule that placing `record` in `cell` with `occupants` would break."""
    broken = []
    area = limit_value(norm_versions, "area-per-person", timezone.localdate())
    people = len(occupants) + 1
    if area and people > 1 and cell.floor_area_m2 / people < area:
        broken.append(
            _(
                "Shared cells need at least %(area)s m² per person (%(citation)s); cell %(number)s "
                "would give %(actual).1f m²."
            )
            % {
                "area": area,
                "number": cell.number,
                "actual": cell.floor_area_m2 / people,
                "citation": AREA_CITATION,
            }
        )
    for other in occupants:
        if other.person.sex != record.person.sex:
            broken.append(_("Men and women are held separately (%(citation)s).") % {"citation": SEPARATION_CITATION})
        if other.is_minor != record.is_minor:
            broken.append(
                _("Minors are held separately from adults (%(citation)s).") % {"citation": SEPARATION_CITATION}
            )
        if _regime(other) != _regime(record):
            broken.append(
                _("Administrative detainees are held separately from criminal suspects (%(citation)s).")
                % {"citation": SEPARATION_CITATION}
            )
        if record.case_number and other.case_number == record.case_number:
            broken.append(
                _("Suspects in the same case are held separately (%(citation)s).") % {"citation": SEPARATION_CITATION}
            )
    return list(dict.fromkeys(broken))  # each rule once, in order


def _regime(record):
    if record.legal_basis in CRIMINAL_BASES:
        return "criminal"
    return "administrative" if record.legal_basis == LegalBasis.CAO_262 else "other"
