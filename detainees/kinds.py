"""What each kind of timeline entry is: its form, who may record it, and when.

The single table the views, services and timeline rendering all read, so adding an append-only
kind is one form plus one line here. A kind that changes the record (placement, movements, risk
review, …) also has its own service, listed in `services.TRANSITIONS`.
"""

from dataclasses import dataclass

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from custody.lib import access

from . import forms
from .models import EntryKind

CUSTODY = "detainees.record_custody_entry"
MEDICAL = "detainees.record_medical_entry"
INSPECTION = "detainees.record_inspection_entry"


@dataclass(frozen=True)
class KindSpec:
    kind: EntryKind
    form: type
    permissions: tuple  # any one of these lets a user record (and correct) this kind
    in_custody_only: bool = True  # False: may be added after release (notes, complaints)
    manual: bool = True  # False: written only by its own service (booking in, release, a signed review)
    has_items: bool = False  # carries a property list
    compact: bool = False  # routine and frequent: one line on the timeline

    @property
    def label(self):
        return self.kind.label

    @property
    def icon(self):
        return ICONS.get(self.kind, "dot")

    @property
    def recorded_by(self):
        """Who records this kind, in words, for a viewer who may not (e.g. "a medic records this")."""
        return RECORDED_BY[self.permissions[0]]


RECORDED_BY = {
    CUSTODY: _("the custody desk records this"),
    MEDICAL: _("a medic records this"),
    INSPECTION: _("an inspector records this"),
}

# Bootstrap Icons names, so the timeline can be scanned by eye.
ICONS = {
    EntryKind.INTAKE: "box-arrow-in-right",
    EntryKind.RIGHTS: "file-earmark-text",
    EntryKind.NOTIFICATION: "telephone",
    EntryKind.LAWYER_VISIT: "briefcase",
    EntryKind.MEDICAL_EXAM: "heart-pulse",
    EntryKind.INJURY: "bandaid",
    EntryKind.MEDICATION: "capsule",
    EntryKind.SEARCH: "bag-check",
    EntryKind.PLACEMENT: "door-closed",
    EntryKind.CHECK: "eye",
    EntryKind.MEAL: "cup-hot",
    EntryKind.EXERCISE: "person-walking",
    EntryKind.MOVEMENT_OUT: "box-arrow-right",
    EntryKind.MOVEMENT_RETURN: "box-arrow-in-left",
    EntryKind.FORCE: "exclamation-octagon",
    EntryKind.COMPLAINT: "megaphone",
    EntryKind.CCTV: "camera-video",
    EntryKind.NOTE: "pencil",
    EntryKind.RELEASE: "door-open",
    EntryKind.SUSPICION_NOTICE: "file-earmark-ruled",
    EntryKind.DETENTION_REVIEW: "clipboard-check",
    EntryKind.RISK_REVIEW: "shield-exclamation",
    EntryKind.INTERVIEW_DETAINEE: "chat-square-text",
    EntryKind.INTERVIEW_OFFICER: "person-vcard",
    EntryKind.MEDICAL_REQUEST: "hospital",
    EntryKind.REVIEW_SIGNED: "patch-check",
}


_SPECS = [
    KindSpec(EntryKind.INTAKE, forms.IntakeForm, (CUSTODY,), manual=False),
    KindSpec(EntryKind.RIGHTS, forms.RightsForm, (CUSTODY,)),
    KindSpec(EntryKind.NOTIFICATION, forms.NotificationForm, (CUSTODY,)),
    KindSpec(EntryKind.SEARCH, forms.SearchForm, (CUSTODY,), has_items=True),
    KindSpec(EntryKind.PLACEMENT, forms.PlacementForm, (CUSTODY,)),
    KindSpec(EntryKind.CHECK, forms.CheckForm, (CUSTODY,), compact=True),
    KindSpec(EntryKind.MEAL, forms.MealForm, (CUSTODY,), compact=True),
    KindSpec(EntryKind.EXERCISE, forms.ExerciseForm, (CUSTODY,)),
    KindSpec(EntryKind.MOVEMENT_OUT, forms.MovementOutForm, (CUSTODY,)),
    KindSpec(EntryKind.MOVEMENT_RETURN, forms.MovementReturnForm, (CUSTODY,)),
    KindSpec(EntryKind.LAWYER_VISIT, forms.LawyerVisitForm, (CUSTODY,)),
    KindSpec(EntryKind.FORCE, forms.ForceForm, (CUSTODY,)),
    KindSpec(EntryKind.MEDICAL_EXAM, forms.MedicalExamForm, (MEDICAL,)),
    KindSpec(EntryKind.INJURY, forms.InjuryForm, (MEDICAL,), in_custody_only=False),
    KindSpec(EntryKind.MEDICATION, forms.MedicationForm, (MEDICAL,)),
    KindSpec(EntryKind.COMPLAINT, forms.ComplaintForm, (CUSTODY, MEDICAL, INSPECTION), in_custody_only=False),
    KindSpec(EntryKind.CCTV, forms.CctvForm, (CUSTODY, INSPECTION), in_custody_only=False),
    KindSpec(EntryKind.NOTE, forms.NoteForm, (CUSTODY, MEDICAL, INSPECTION), in_custody_only=False),
    KindSpec(EntryKind.SUSPICION_NOTICE, forms.SuspicionNoticeForm, (CUSTODY,)),
    KindSpec(EntryKind.DETENTION_REVIEW, forms.DetentionReviewForm, (CUSTODY,)),
    KindSpec(EntryKind.RISK_REVIEW, forms.RiskReviewForm, (CUSTODY, MEDICAL)),
    KindSpec(EntryKind.INTERVIEW_DETAINEE, forms.InterviewDetaineeForm, (INSPECTION,)),
    KindSpec(EntryKind.INTERVIEW_OFFICER, forms.InterviewOfficerForm, (INSPECTION,)),
    KindSpec(EntryKind.MEDICAL_REQUEST, forms.MedicalRequestForm, (CUSTODY, INSPECTION)),
    KindSpec(EntryKind.REVIEW_SIGNED, forms.ReviewSignedForm, (INSPECTION,), manual=False, in_custody_only=False),
    KindSpec(EntryKind.RELEASE, forms.ReleaseForm, (CUSTODY,), manual=False),
]
SPECS = {spec.kind.value: spec for spec in _SPECS}

# Groups for the "add an entry" menu, in the order a duty officer meets them.
MENU_GROUPS = [
    (_("Rights"), [EntryKind.RIGHTS, EntryKind.NOTIFICATION, EntryKind.LAWYER_VISIT]),
    (_("Procedure"), [EntryKind.SUSPICION_NOTICE, EntryKind.DETENTION_REVIEW, EntryKind.RISK_REVIEW]),
    (_("Reception"), [EntryKind.SEARCH, EntryKind.PLACEMENT]),
    (_("Care"), [EntryKind.CHECK, EntryKind.MEAL, EntryKind.EXERCISE]),
    (_("Movements"), [EntryKind.MOVEMENT_OUT, EntryKind.MOVEMENT_RETURN]),
    (_("Medical"), [EntryKind.MEDICAL_EXAM, EntryKind.INJURY, EntryKind.MEDICATION, EntryKind.MEDICAL_REQUEST]),
    (_("Inspection"), [EntryKind.INTERVIEW_DETAINEE, EntryKind.INTERVIEW_OFFICER]),
    (_("Incidents"), [EntryKind.FORCE, EntryKind.COMPLAINT, EntryKind.CCTV, EntryKind.NOTE]),
]


def unknown_details(kinds, details):
    """What a norm's `{field: [values]}` names that no entry of these kinds holds, as "field: value".

    An entry's details are its form's fields, so the forms say which fields a kind has and which
    values each can take: one of its choices, True or False, or anything for text and numbers.
    """
    unknown = []
    for name, values in details.items():
        fields = [_detail_fields(SPECS[kind]).get(name) for kind in kinds if kind in SPECS]
        fields = [field for field in fields if field is not None]
        if not fields or not isinstance(values, list):
            unknown.append(name)
            continue
        unknown += [f"{name}: {value}" for value in values if not any(_may_hold(f, value) for f in fields)]
    return unknown


def vocabulary_errors(kind, details):
    """{field: message} for each detail naming a value outside its field's choices (the kind's vocabulary).

    The forms offer only these values; a service called directly (a command, an import, the API)
    must not store a typo such as "transfered" that every rule and statistic would then miss.
    """
    errors = {}
    for name, field in _detail_fields(SPECS[kind]).items():
        if not isinstance(field, django_forms.ChoiceField) or isinstance(field, django_forms.ModelChoiceField):
            continue
        given = details.get(name)
        known = {str(choice) for choice, _label in field.choices}
        unknown = [value for value in (given if isinstance(given, list) else [given]) if value not in (None, "")]
        unknown = [value for value in unknown if str(value) not in known]
        if unknown:
            errors[name] = field.error_messages["invalid_choice"] % {"value": unknown[0]}
    return errors


def _detail_fields(spec):
    skip = {"occurred_at", *spec.form.model_fields}
    return {name: field for name, field in spec.form.base_fields.items() if name not in skip}


def _may_hold(field, value):
    if isinstance(field, django_forms.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, django_forms.ChoiceField):
        return value in {choice for choice, _label in field.choices}
    return True


def correctable_kinds(user):
    return {kind for kind, spec in SPECS.items() if spec.manual and access.may_record(user, spec)}


def menu_for(user, record):
    """The entry kinds this user may add to this record now, grouped for the menu."""
    # Out of the cell, the only movement is the return; in it, only going out.
    hidden = {EntryKind.MOVEMENT_OUT if record.open_movement_id else EntryKind.MOVEMENT_RETURN}
    if record.current_cell_id is None:  # never placed: no cell to take them out of
        hidden.add(EntryKind.MOVEMENT_OUT)
    groups = []
    for title, kinds in MENU_GROUPS:
        specs = [
            SPECS[k]
            for k in kinds
            if k not in hidden
            and access.may_record(user, SPECS[k])
            and (record.is_open or not SPECS[k].in_custody_only)
        ]
        if specs:
            groups.append((title, specs))
    return groups
