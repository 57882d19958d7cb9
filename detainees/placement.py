"""Who may share a cell: capacity, floor area per person and the separation rules.

`judge` is the one verdict on placing a record in a cell, for the service that writes the
placement and for the cell picker that shows it before saving, so the two cannot disagree.
It writes nothing. The area comes from the norms (`area-per-person`); the separation rules
have no number, so they live here with their citations.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CRIMINAL_BASES, LegalBasis
from .obligations import limit_value

# Citations are text a reader reads: translated, so a Ukrainian page reads in Ukrainian.
SEPARATION_CITATION = _("Law on Pre-trial Detention art. 8; CAO art. 262; CPT/Inf(2002)15")
AREA_CITATION = _("CPT/Inf(2015)44")
OVERRIDE_HINT = _("A facility head may place the detainee anyway, giving a reason.")


@dataclass
class Verdict:
    """What placing a record in a cell would do, judged before anything is written.

    `refusals` can never be overridden (another facility, out of service, full, already there);
    `broken` are the area and separation rules, which a facility head may override in writing.
    """

    cell: object
    occupants: list
    area_norm: object  # m² per person from the norms, or None where the profile has none
    area_per_person: object  # the cell's floor area shared by the occupants and the newcomer
    current: bool = False  # the cell the detainee is in now
    refusals: list = field(default_factory=list)
    broken: list = field(default_factory=list)

    @property
    def free_places(self):
        return max(self.cell.capacity - len(self.occupants) - self.current, 0)

    @property
    def fits(self):
        return not self.refusals and not self.broken

    @property
    def below_area_norm(self):
        return bool(self.area_norm) and len(self.occupants) > 0 and self.area_per_person < self.area_norm


def judge(record, cell, occupants, norm_versions):
    """The verdict on placing `record` in `cell`, now holding `occupants` (not counting `record`)."""
    people = len(occupants) + 1
    verdict = Verdict(
        cell=cell,
        occupants=occupants,
        area_norm=limit_value(norm_versions, "area-per-person", timezone.localdate()),
        area_per_person=cell.floor_area_m2 / people,
        current=record.current_cell_id == cell.pk,
    )
    if cell.facility_id != record.facility_id:
        verdict.refusals.append(_("This cell belongs to another facility."))
    if verdict.current:
        verdict.refusals.append(_("The detainee is already in this cell."))
    if not cell.in_service:
        verdict.refusals.append(_("Cell %(number)s is out of service.") % {"number": cell.number})
    if len(occupants) >= cell.capacity:
        verdict.refusals.append(
            _("Cell %(number)s is full (%(capacity)s places).") % {"number": cell.number, "capacity": cell.capacity}
        )
    verdict.broken = broken_rules(record, cell, occupants, norm_versions)
    return verdict


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
        if regime(other) != regime(record):
            broken.append(
                _("Administrative detainees are held separately from criminal suspects (%(citation)s).")
                % {"citation": SEPARATION_CITATION}
            )
        if record.case_number and other.case_number == record.case_number:
            broken.append(
                _("Suspects in the same case are held separately (%(citation)s).") % {"citation": SEPARATION_CITATION}
            )
    return list(dict.fromkeys(broken))  # each rule once, in order


def regime(record):
    """criminal, administrative or other: the regimes held apart."""
    if record.legal_basis in CRIMINAL_BASES:
        return "criminal"
    return "administrative" if record.legal_basis == LegalBasis.CAO_262 else "other"
