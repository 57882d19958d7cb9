"""Forms check the shape of input; `services.py` enforces the rules of custody.

Each timeline entry kind has one form here. Its fields (other than `occurred_at` and model
references such as `cell`) become the entry's `details`, and the same form's labels and
choices are used to show the entry on the timeline. The choices are the value lists beside
the models (`models.NotificationResult`, …), which services and norms compare against.
"""

from datetime import timedelta
from functools import cached_property

from crispy_forms.layout import Field, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from custody.facilities.models import Cell, Facility
from custody.lib import access
from custody.lib.forms import CrispyMixin, datetime_field, local_now_minute

from .models import (
    BodyRegion,
    CheckCondition,
    CheckState,
    ComplaintAddressee,
    Consistency,
    CustodyRecord,
    Destination,
    ExamReason,
    Fitness,
    ForceType,
    Meal,
    MealOutcome,
    MovementPurpose,
    NotificationMethod,
    NotificationRecipient,
    NotificationResult,
    ObservationLevel,
    Person,
    PropertyReturn,
    ReleaseOutcome,
    ReviewOutcome,
    Sex,
)

# Letters of any script, joined by apostrophes, hyphens, spaces or dots: Мар'яна, Ком'яков,
# Anne-Marie, O'Neill. Digits and other symbols are refused.
NAME_RE = r"^[^\W\d_]+(?:[-'’ʼ`‘. ]+[^\W\d_]+)*\.?$"
validate_name = RegexValidator(NAME_RE, _("Use letters, apostrophes, hyphens and spaces only."))
validate_document_number = RegexValidator(
    r"^[0-9A-Za-zА-ЯҐЄІЇа-яґєії][0-9A-Za-zА-ЯҐЄІЇа-яґєії \-/]{0,29}$",
    _("Use letters, digits, spaces, hyphens and slashes only."),
)


def text_area(label, required=True, max_length=2000, rows=2, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


# --- Booking in -----------------------------------------------------------------------------


class PersonForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "surname",
            "given_name",
            "patronymic",
            "date_of_birth",
            "sex",
            "citizenship",
            "document_type",
            "document_number",
            "language",
            "interpreter_needed",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("surname", "given_name", "patronymic"):
            self.fields[name].validators.append(validate_name)
        self.fields["document_number"].validators.append(validate_document_number)
        self.fields["citizenship"].initial = "UA"
        self.fields["language"].initial = "українська"  # stored data, not interface text

    def clean(self):
        # The identity rules are the model's (`Person.check_identity_rules`), run as the form validates.
        cleaned = super().clean()
        if cleaned.get("document_number"):
            cleaned["document_number"] = cleaned["document_number"].upper().strip()
        return cleaned


class RecordForm(CrispyMixin, forms.ModelForm):
    """The detention; its legal rules are `CustodyRecord.check_legal_rules`, which a model form shows on its fields."""

    detained_at = datetime_field(
        _("moment of actual detention"), help_text=_("The legal clock starts here, not at arrival.")
    )
    arrived_at = datetime_field(_("arrival at the facility"))

    class Meta:
        model = CustodyRecord
        fields = [
            "facility",
            "legal_basis",
            "case_number",
            "grounds",
            "detaining_officer",
            "detaining_unit",
            "detention_place",
            "detained_at",
            "arrived_at",
            "has_disability",
            "has_mental_health_condition",
            "is_intoxicated",
            "is_pregnant",
            "risk_notes",
            "observation_level",
            "martial_law",
            "extended_administrative",
        ]
        widgets = {"grounds": forms.Textarea(attrs={"rows": 2}), "risk_notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        if len(facilities) == 1:
            self.fields["facility"].initial = facilities[0]
        now = local_now_minute()
        self.fields["arrived_at"].initial = now
        self.fields["detained_at"].initial = now - timedelta(hours=1)

    def confirm_new_detention(self, earlier):
        """The person left custody at another facility lately (`earlier`, that record): booking them
        in starts a new legal clock, so it needs the officer's explicit confirmation."""
        self.earlier = earlier
        self.fields["new_detention"] = forms.BooleanField(
            label=capfirst(_("this is a new detention, not the continuation of that custody")), required=False
        )

    def clean(self):
        cleaned = super().clean()
        if "new_detention" in self.fields and not cleaned.get("new_detention"):
            self.add_error(
                "new_detention",
                _("Confirm that this is a new detention, or accept the transfer from the other facility."),
            )
        return cleaned

    def record_data(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "new_detention"}


# --- Timeline entries -----------------------------------------------------------------------


class EntryForm(CrispyMixin, forms.Form):
    """Base of every entry form: when it happened, plus the kind's own fields."""

    occurred_at = datetime_field(_("happened at"), help_text=_("When it actually happened."))
    model_fields = ()  # fields stored as columns, not in details

    def __init__(self, *args, record, user=None, corrects=None, **kwargs):
        self.record = record
        self.user = user
        self.corrects = corrects  # the entry this form corrects, if it is a correction
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = local_now_minute()

    def details(self):
        """The kind-specific values, JSON-ready."""
        skip = {"occurred_at", *self.model_fields}
        return {k: _jsonable(v) for k, v in self.cleaned_data.items() if k not in skip}

    def require_when(self, condition, field, message):
        if condition and not self.cleaned_data.get(field):
            self.add_error(field, message)


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


class RightsForm(EntryForm):
    language = forms.CharField(label=_("language of the explanation"), max_length=60)
    written_form_signed = forms.BooleanField(label=_("written notice of rights signed by the detainee"), required=False)
    refusal_reason = forms.CharField(
        label=_("why not signed"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"data-show-unless": "id_written_form_signed"}),
    )
    interpreter = forms.CharField(label=_("interpreter (if any)"), max_length=200, required=False)


class NotificationForm(EntryForm):
    recipient = forms.ChoiceField(label=_("whom"), choices=NotificationRecipient.choices)
    recipient_name = forms.CharField(label=_("name or organisation"), max_length=200)
    method = forms.ChoiceField(label=_("how"), choices=NotificationMethod.choices)
    contact = forms.CharField(label=_("phone, address or reference"), max_length=200, required=False)
    result = forms.ChoiceField(label=_("result"), choices=NotificationResult.choices)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class LawyerVisitForm(EntryForm):
    lawyer_name = forms.CharField(label=_("lawyer"), max_length=200)
    certificate = forms.CharField(label=_("certificate / warrant number"), max_length=60, required=False)
    ended_at = datetime_field(_("visit ended at"), required=False)
    # Metadata only: what was said is privileged and never recorded.

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("occurred_at"), cleaned.get("ended_at")
        if start and end and end < start:
            self.add_error("ended_at", _("The visit cannot end before it started."))
        if end and end > timezone.now():
            self.add_error("ended_at", _("This time cannot be in the future."))
        return cleaned


class MedicalExamForm(EntryForm):
    reason = forms.ChoiceField(label=_("reason"), choices=ExamReason.choices)
    examiner = forms.CharField(label=_("examined by"), max_length=200)
    complaints = text_area(_("detainee's complaints"), required=False)
    findings = text_area(_("findings"))
    fitness = forms.ChoiceField(label=_("conclusion"), choices=Fitness.choices)
    recommendations = text_area(_("recommendations"), required=False)


class InjuryForm(EntryForm):
    detainee_statement = text_area(_("detainee's statement: how the injuries happened"))
    objective_findings = text_area(_("objective findings: type, size, colour, location"))
    body_regions = forms.MultipleChoiceField(
        label=_("body chart: injured regions"), choices=BodyRegion.choices, widget=forms.CheckboxSelectMultiple
    )
    consistency = forms.ChoiceField(label=_("doctor's opinion on consistency"), choices=Consistency.choices)
    opinion = text_area(_("reasoning of the opinion"), required=False)
    photographed = forms.BooleanField(label=_("injuries photographed"), required=False)


class MedicationForm(EntryForm):
    medicine = forms.CharField(label=_("medicine"), max_length=200)
    dose = forms.CharField(label=_("dose"), max_length=100)
    prescribed_by = forms.CharField(label=_("prescribed by"), max_length=200)
    refused = forms.BooleanField(label=_("detainee refused it"), required=False)


class SearchForm(EntryForm):
    searched_by = forms.CharField(label=_("searched by"), max_length=200)
    searcher_sex = forms.ChoiceField(
        label=_("sex of the searching officer"),
        choices=Sex.choices,
        help_text=_("A search is carried out by an officer of the same sex."),
    )
    witnesses = forms.CharField(label=_("witnesses"), max_length=300, required=False)
    cash = forms.DecimalField(label=_("cash, UAH"), min_value=0, max_value=10_000_000, decimal_places=2, required=False)
    detainee_signed = forms.BooleanField(label=_("property list signed by the detainee"), required=False)
    refusal_reason = forms.CharField(
        label=_("why not signed"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"data-show-unless": "id_detainee_signed"}),
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        self.fields["searcher_sex"].initial = record.person.sex


class PropertyItemForm(forms.Form):
    description = forms.CharField(label=_("item"), max_length=200, required=False)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, max_value=10_000, required=False)
    bag_number = forms.CharField(label=_("sealed bag number"), max_length=40, required=False)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("quantity") or cleaned.get("bag_number")) and not cleaned.get("description"):
            self.add_error("description", _("Describe the item."))
        if cleaned.get("description") and not cleaned.get("quantity"):
            self.add_error("quantity", _("Enter the quantity."))
        return cleaned


class BasePropertyFormSet(forms.BaseFormSet):
    def items(self):
        return [
            {
                "description": f.cleaned_data["description"],
                "quantity": f.cleaned_data["quantity"],
                "bag_number": f.cleaned_data.get("bag_number", ""),
            }
            for f in self.forms
            if f.cleaned_data.get("description")
        ]


PropertyFormSet = forms.formset_factory(
    PropertyItemForm, formset=BasePropertyFormSet, extra=6, max_num=60, validate_max=True
)


class CellPicker:
    """The cells offered to a placement, read once and only if the form is shown."""

    def __init__(self, record, user):
        self.record = record
        self.user = user

    @cached_property
    def options(self):
        from .selectors import cell_options  # selectors read the forms' labels through kinds

        return cell_options(self.record, self.user)

    @cached_property
    def area_norm(self):
        return next((option.verdict.area_norm for option in self.options), None)


class PlacementForm(EntryForm):
    cell = forms.ModelChoiceField(label=_("cell"), queryset=Cell.objects.none())
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
    override_reason = forms.CharField(
        label=_("reason for placing against a placement rule"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facility head only: fill in only if the placement breaks a rule and must go ahead."),
    )
    model_fields = ("cell",)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        # Every cell of the facility is valid input, so that the service names why one is refused.
        self.fields["cell"].queryset = Cell.objects.filter(facility=record.facility)
        if not (self.user and access.may_override_placement(self.user)):
            del self.fields["override_reason"]
        if self.corrects is None and self.user is not None:
            # A new placement or move chooses among judged cells; a correction of a past entry
            # restates where the person was, which the rules of today do not judge.
            self.fields["cell"].picker = CellPicker(record, self.user)
            self.helper.layout = Layout(
                "occurred_at",
                Field("cell", template="detainees/partials/cell_picker.html"),
                *[name for name in self.fields if name not in ("occurred_at", "cell")],
            )


class CheckForm(EntryForm):
    state = forms.ChoiceField(label=_("state"), choices=CheckState.choices, widget=forms.RadioSelect)
    condition = forms.ChoiceField(label=_("condition"), choices=CheckCondition.choices, initial=CheckCondition.NORMAL)
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        self.require_when(
            cleaned.get("condition") in (CheckCondition.ATTENTION, CheckCondition.MEDICAL),
            "note",
            _("Describe what needs attention."),
        )
        return cleaned


class MealForm(EntryForm):
    meal = forms.ChoiceField(label=_("meal"), choices=Meal.choices)
    outcome = forms.ChoiceField(label=_("outcome"), choices=MealOutcome.choices)
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class ExerciseForm(EntryForm):
    minutes = forms.IntegerField(label=_("duration, minutes"), min_value=1, max_value=600)
    place = forms.CharField(label=_("where"), max_length=200, required=False)
    declined = forms.BooleanField(label=_("detainee declined"), required=False)


class MovementOutForm(EntryForm):
    purpose = forms.ChoiceField(label=_("purpose"), choices=MovementPurpose.choices)
    taken_by = forms.CharField(label=_("taken by (officer, unit)"), max_length=200)
    requested_by = forms.CharField(label=_("requested by"), max_length=200, required=False)
    destination = forms.CharField(label=_("destination"), max_length=200)


class MovementReturnForm(EntryForm):
    condition = text_area(_("condition on return"), max_length=1000)
    complaints = text_area(_("complaints on return"), required=False, max_length=1000)
    new_injuries = forms.BooleanField(label=_("new injuries seen"), required=False)


class ForceForm(EntryForm):
    force_type = forms.ChoiceField(label=_("type"), choices=ForceType.choices)
    reason = text_area(_("reason"), max_length=1000)
    minutes = forms.IntegerField(label=_("duration, minutes"), min_value=0, max_value=24 * 60)
    applied_by = forms.CharField(label=_("applied by"), max_length=200)
    injuries = forms.BooleanField(label=_("injuries resulted"), required=False)
    medic_informed = forms.BooleanField(label=_("medic informed"), required=False)


class ComplaintForm(EntryForm):
    addressee = forms.ChoiceField(label=_("addressed to"), choices=ComplaintAddressee.choices)
    text = text_area(_("complaint"), max_length=4000, rows=3)
    forwarded = forms.BooleanField(label=_("forwarded to the addressee"), required=False)


class CctvForm(EntryForm):
    camera = forms.CharField(label=_("camera"), max_length=100)
    start = datetime_field(_("footage from"))
    end = datetime_field(_("footage to"))
    reason = forms.CharField(label=_("why this footage matters"), max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("The end of the footage must be after its start."))
        return cleaned


class IntakeForm(EntryForm):
    """Not filled in by hand: describes the intake entry that booking in (or accepting a transfer) writes."""

    detained_at = datetime_field(_("moment of actual detention"))
    arrived_at = datetime_field(_("arrival at the facility"))
    from_facility = forms.CharField(label=_("transferred from"), required=False)
    from_record = forms.CharField(label=_("record there"), required=False)
    received_by = forms.CharField(label=_("received by"), required=False)
    condition = forms.CharField(label=_("condition on arrival"), required=False)
    bags_sent = forms.CharField(label=_("sealed bags sent"), required=False)
    bags_arrived = forms.CharField(label=_("sealed bags arrived intact"), required=False)
    bags_note = forms.CharField(label=_("missing or broken bags"), required=False)
    note = forms.CharField(label=_("note"), required=False)


class SuspicionNoticeForm(EntryForm):
    served_by = forms.CharField(label=_("served by (investigator, prosecutor)"), max_length=200)
    article = forms.CharField(label=_("article of the Criminal Code"), max_length=100)
    copy_handed = forms.BooleanField(label=_("copy handed to the detainee"), required=False)


class DetentionReviewForm(EntryForm):
    reviewed_by = forms.CharField(label=_("reviewed by"), max_length=200)
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReviewOutcome.choices)
    grounds = text_area(_("grounds"), max_length=1000)


class RiskReviewForm(EntryForm):
    """Changes the record's observation level and intoxication flag from this moment on."""

    observation_level = forms.ChoiceField(label=_("observation level"), choices=ObservationLevel.choices)
    intoxicated = forms.BooleanField(label=_("intoxicated"), required=False)
    reason = text_area(_("reason"), max_length=1000)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        self.fields["observation_level"].initial = record.observation_level
        self.fields["intoxicated"].initial = record.is_intoxicated


class InterviewDetaineeForm(EntryForm):
    in_private = forms.BooleanField(
        label=_("held in private, out of the hearing of police officers"),
        required=False,  # the service refuses an interview not held in private, naming why
        help_text=_("An interview that cannot be held in private is not recorded as one; add a note instead."),
    )
    language = forms.CharField(label=_("language"), max_length=60)
    interpreter = forms.CharField(label=_("interpreter (if any)"), max_length=200, required=False)
    detention_complaints = text_area(_("complaints about the detention itself"), required=False)
    treatment_complaints = text_area(_("complaints about treatment"), required=False)
    injuries_reported = forms.BooleanField(label=_("the detainee reports injuries"), required=False)
    injuries_description = text_area(_("injuries as the detainee describes them"), required=False)
    requests = text_area(_("requests"), required=False)
    request_medical = forms.BooleanField(label=_("ask for a medical examination"), required=False)

    def clean(self):
        cleaned = super().clean()
        self.require_when(
            cleaned.get("injuries_reported"), "injuries_description", _("Describe the injuries reported.")
        )
        return cleaned


class InterviewOfficerForm(EntryForm):
    officer = forms.CharField(label=_("detaining officer interviewed"), max_length=200)
    circumstances = text_area(_("circumstances of the detention"), max_length=4000, rows=3)
    force_used = forms.BooleanField(label=_("force or restraints were used"), required=False)
    force_description = text_area(_("force used: what, why, by whom"), required=False)

    def clean(self):
        cleaned = super().clean()
        self.require_when(cleaned.get("force_used"), "force_description", _("Describe the force used."))
        return cleaned


class MedicalRequestForm(EntryForm):
    reason = text_area(_("why an examination is needed"), max_length=1000)


class ReviewSignedForm(EntryForm):
    """Not filled in by hand: describes the entry that signing off a review writes."""

    compliant = forms.IntegerField(label=_("compliant"))
    non_compliant = forms.IntegerField(label=_("non-compliant"))
    not_applicable = forms.IntegerField(label=_("not applicable"))


class NoteForm(EntryForm):
    text = text_area(_("note"), max_length=4000, rows=3)


class ReleaseForm(EntryForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReleaseOutcome.choices, widget=forms.RadioSelect)
    destination = forms.ChoiceField(label=_("destination"), choices=Destination.choices)
    to_facility = forms.ModelChoiceField(
        label=_("receiving facility"),
        queryset=Facility.objects.none(),
        required=False,
        help_text=_("A facility of this system: it will expect the detainee, and the custody goes on there."),
    )
    destination_detail = forms.CharField(
        label=_("receiving institution or address"),
        max_length=300,
        required=False,
        help_text=_("For an institution outside the system (court, pre-trial detention centre, hospital)."),
    )
    bags_sent = forms.CharField(
        label=_("sealed bags sent with the detainee"),
        max_length=500,
        required=False,
        help_text=_("Bag numbers from the search, separated by commas."),
    )
    legal_ground = forms.CharField(label=_("legal ground"), max_length=500)
    property = forms.ChoiceField(label=_("property"), choices=PropertyReturn.choices)
    property_signed = forms.BooleanField(label=_("detainee signed for returned property"), required=False)
    condition = text_area(_("condition at release"), max_length=1000)
    complaints = text_area(_("complaints at release"), required=False, max_length=1000)
    record_copy = forms.BooleanField(label=_("copy of the record sent with the detainee"), required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    model_fields = ("to_facility",)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        # Any facility of the system may receive, in scope of the sender or not; listed by name.
        self.fields["to_facility"].queryset = Facility.objects.exclude(pk=record.facility_id).order_by("name")
        self.fields["bags_sent"].initial = ", ".join(sealed_bags(record))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == ReleaseOutcome.TRANSFERRED
            and cleaned.get("destination") == Destination.OTHER_FACILITY
        ):
            if not cleaned.get("to_facility") and not (cleaned.get("destination_detail") or "").strip():
                self.add_error("to_facility", _("Choose the receiving facility, or name the institution."))
        elif cleaned.get("to_facility"):
            self.add_error(
                "to_facility", _("A facility of the system is chosen only for a transfer to another facility.")
            )
        return cleaned

    def bags(self):
        return [n.strip() for n in (self.cleaned_data.get("bags_sent") or "").split(",") if n.strip()]

    def details(self):
        details = super().details()
        details.pop("bags_sent", None)
        return details


def sealed_bags(record):
    """The numbers of the sealed bags the record's searches list, in order (one query)."""
    from .models import EntryKind, TimelineEntry

    numbers = []
    for entry in TimelineEntry.objects.filter(record=record, kind=EntryKind.SEARCH).order_by("occurred_at", "pk"):
        numbers += [item["bag_number"] for item in entry.details.get("items", []) if item.get("bag_number")]
    return list(dict.fromkeys(numbers))


class AcceptTransferForm(CrispyMixin, forms.Form):
    """The receiving desk's half of the handover: when they arrived, in what state, what came with them."""

    arrived_at = datetime_field(_("arrival at the facility"))
    condition = text_area(_("condition on arrival"), max_length=1000)
    bags_checked = forms.MultipleChoiceField(
        label=_("sealed bags arrived with the seal intact"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave a bag unticked if it is missing or its seal is broken, and say so below."),
    )
    bags_note = forms.CharField(label=_("missing or broken bags"), max_length=500, required=False)
    notes = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrived_at"].initial = local_now_minute()
        self.fields["bags_checked"].choices = [
            (bag["bag_number"], f"{bag['bag_number']}: {'; '.join(bag.get('items', []))}") for bag in transfer.bags
        ]
        if not transfer.bags:
            del self.fields["bags_checked"]


class CorrectionReasonForm(CrispyMixin, forms.Form):
    correction_reason = forms.CharField(
        label=_("reason for the correction"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The original entry stays on the record; this reason is shown next to it."),
    )


# --- Rounds ---------------------------------------------------------------------------------


class RoundForm(CrispyMixin, forms.Form):
    """One time for the whole round, one choice per person; a blank choice skips the person."""

    occurred_at = datetime_field(_("round happened at"), help_text=_("When the round actually took place."))
    choice_label = ""
    choices = []

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        self.fields["occurred_at"].initial = local_now_minute()
        for record in records:
            self.fields[f"choice_{record.pk}"] = forms.ChoiceField(
                label=self.choice_label,
                choices=[("", _("skip")), *self.choices],
                required=False,
                initial=self.default_choice,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{record.pk}"] = forms.CharField(label=_("note"), max_length=500, required=False)

    def rows(self):
        for record in self.records:
            yield record, self[f"choice_{record.pk}"], self[f"note_{record.pk}"]

    def chosen(self):
        """(record, details) for everyone not skipped."""
        return [
            (record, self.details(self.cleaned_data[f"choice_{record.pk}"], self.cleaned_data[f"note_{record.pk}"]))
            for record in self.records
            if self.cleaned_data.get(f"choice_{record.pk}")
        ]


class CheckRoundForm(RoundForm):
    choice_label = _("state")
    choices = CheckState.choices
    default_choice = ""

    def details(self, choice, note):
        return {"state": choice, "condition": CheckCondition.ATTENTION if note else CheckCondition.NORMAL, "note": note}


class MealRoundForm(RoundForm):
    choice_label = _("outcome")
    choices = MealOutcome.choices
    default_choice = MealOutcome.EATEN
    meal = forms.ChoiceField(label=_("meal"), choices=Meal.choices)

    def details(self, choice, note):
        return {"meal": self.cleaned_data["meal"], "outcome": choice, "note": note}
