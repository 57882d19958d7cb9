"""The custody record: a person, their detention, and its append-only timeline.

State on `CustodyRecord` (status, current cell, open movement) is a projection of the timeline
kept by `services.py` in the same transaction as the entry that changes it; nothing else
writes it.
"""

import re
import unicodedata
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from custody.lib.appendonly import AppendOnlyModel, AppendOnlyQuerySet

# The apostrophe in Ukrainian names is typed as ' ’ ʼ or `; they are one letter for matching.
APOSTROPHES = "'’ʼ`‘"


def name_key(*parts):
    """A matching key for a person's name: case-folded, apostrophes unified, spaces collapsed."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(f"[{APOSTROPHES}]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("passport of a citizen of Ukraine")
    ID_CARD = "id_card", _("ID card")
    FOREIGN_PASSPORT = "foreign_passport", _("foreign passport")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    OTHER = "other", _("other document")
    NONE = "none", _("no document")


class Person(models.Model):
    """A detained person. Found again at their next detention, never duplicated."""

    surname = models.CharField(_("surname"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = CountryField(_("citizenship"), blank=True, help_text=_("Empty if stateless."))
    document_type = models.CharField(
        _("identity document"), max_length=20, choices=DocumentType.choices, default=DocumentType.NONE
    )
    document_number = models.CharField(_("document number"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=60)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    name_key = models.CharField(_("search key"), max_length=310, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["document_type", "document_number"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.surname, self.given_name, self.patronymic)
        super().save(*args, **kwargs)

    def clean(self):
        self.check_identity_rules()

    def check_identity_rules(self, today=None):
        """Who the person is must be possible: born in the past, and not over 110 years ago (a typo in
        the year); a document number exactly when a document is named, so the person is found again.
        """
        today = today or timezone.localdate()
        errors = {}
        born = self.date_of_birth
        # 110 years before today; on 29 February, before the 28th (that year may have no 29th).
        oldest = date(today.year - 110, today.month, min(today.day, 28) if today.month == 2 else today.day)
        if born and born > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif born and born < oldest:
            errors["date_of_birth"] = _("Check the date of birth: the person would be over 110.")
        if self.document_type and self.document_type != DocumentType.NONE and not self.document_number:
            errors["document_number"] = _("Enter the document number, or choose “no document”.")
        if self.document_type == DocumentType.NONE and self.document_number:
            errors["document_type"] = _("Choose the type of the document whose number you entered.")
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self):
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class LegalBasis(models.TextChoices):
    CPC_208 = "cpc208", _("Criminal detention without a ruling (CPC art. 208)")
    CPC_191 = "cpc191", _("Detention on a court ruling (CPC art. 191)")
    CAO_262 = "cao262", _("Administrative detention (CAO arts. 262–263)")
    OTHER = "other", _("Other")


CRIMINAL_BASES = {LegalBasis.CPC_208, LegalBasis.CPC_191}
# A Unified Register of Pre-trial Investigations (ERDR) number: 17 ASCII digits, nothing else
# (`\d` would also take other scripts' digits, and `$` a trailing newline).
ERDR_RE = re.compile(r"[0-9]{17}")
SHORT_BASIS = {
    LegalBasis.CPC_208: _("CPC art. 208"),
    LegalBasis.CPC_191: _("CPC art. 191"),
    LegalBasis.CAO_262: _("CAO art. 262–263"),
    LegalBasis.OTHER: _("other basis"),
}


class ObservationLevel(models.TextChoices):
    # Levels after PACE Code C Annex H; the intervals belong to the norms, not here.
    GENERAL = "1", _("1 — general observation")
    INTERMITTENT = "2", _("2 — intermittent, roused")
    CONSTANT = "3", _("3 — constant observation")
    CLOSE = "4", _("4 — close proximity")


class Condition(models.TextChoices):
    """Facts about a record that a norm's `applies_to` may name (see `obligations.record_conditions`).

    Norm data, not interface text: the values are what an administrator types.
    """

    CRIMINAL = "criminal"
    COURT_RULING = "court_ruling"
    ADMINISTRATIVE = "administrative"
    OTHER_BASIS = "other_basis"
    MINOR = "minor"
    FOREIGN_NATIONAL = "foreign_national"
    INTOXICATED = "intoxicated"
    DISABILITY = "disability"
    MENTAL_HEALTH = "mental_health"
    PREGNANT = "pregnant"
    MARTIAL_LAW = "martial_law"
    EXTENDED_ADMINISTRATIVE = "extended_administrative"
    OBSERVATION_2 = "observation_2"
    OBSERVATION_3 = "observation_3"
    OBSERVATION_4 = "observation_4"


class Status(models.TextChoices):
    IN_CUSTODY = "in_custody", _("in custody")
    RELEASED = "released", _("released")
    TRANSFERRED = "transferred", _("transferred")


# The only moves a record's status can make; services refuse everything else.
ALLOWED_TRANSITIONS = {
    Status.IN_CUSTODY: {Status.RELEASED, Status.TRANSFERRED},
    Status.RELEASED: set(),
    Status.TRANSFERRED: set(),
}


class CustodyRecordQuerySet(models.QuerySet):
    def in_custody(self):
        return self.filter(status=Status.IN_CUSTODY)

    def for_list(self):
        return self.select_related("person", "facility", "current_cell")


class CustodyRecord(models.Model):
    number = models.CharField(_("record number"), max_length=30, unique=True, editable=False)
    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="records", verbose_name=_("facility")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records", verbose_name=_("person"))
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    case_number = models.CharField(
        _("case number"),
        max_length=30,
        blank=True,
        help_text=_("Unified Register of Pre-trial Investigations number (17 digits) or protocol number."),
    )
    grounds = models.TextField(_("grounds for detention"), max_length=2000)
    detaining_officer = models.CharField(_("detaining officer"), max_length=200)
    detaining_unit = models.CharField(_("detaining unit"), max_length=200)
    detention_place = models.CharField(_("place of actual detention"), max_length=300)
    detained_at = models.DateTimeField(
        _("moment of actual detention"), help_text=_("The legal clock starts here, not at arrival.")
    )
    arrived_at = models.DateTimeField(_("arrival at the facility"))
    has_disability = models.BooleanField(_("disability"), default=False)
    has_mental_health_condition = models.BooleanField(_("mental health condition"), default=False)
    is_intoxicated = models.BooleanField(_("intoxicated"), default=False)
    is_pregnant = models.BooleanField(_("pregnant"), default=False)
    martial_law = models.BooleanField(
        _("martial-law detention period (CPC art. 615)"),
        default=False,
        help_text=_("Detention without a ruling under the martial-law provisions."),
    )
    extended_administrative = models.BooleanField(
        _("extended administrative detention (CAO art. 263 parts 2–3)"),
        default=False,
    )
    risk_notes = models.TextField(_("risk assessment"), max_length=2000, blank=True)
    observation_level = models.CharField(
        _("observation level"), max_length=1, choices=ObservationLevel.choices, default=ObservationLevel.GENERAL
    )

    # Projections of the timeline, written only by services.py.
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_CUSTODY, editable=False
    )
    current_cell = models.ForeignKey(
        "facilities.Cell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occupants",
        editable=False,
        verbose_name=_("cell"),
    )
    open_movement = models.ForeignKey(
        "TimelineEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("open movement out"),
    )
    closed_at = models.DateTimeField(_("released or transferred at"), null=True, blank=True, editable=False)

    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("booked in by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # One custody, several facilities: a record opened by accepting a transfer points at the
    # record it continues, and every record of the custody at its first one, so the whole
    # custody is read in one indexed query (`selectors.earlier_entries`), without recursion.
    transferred_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_to",
        editable=False,
        verbose_name=_("transferred from"),
    )
    custody_root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    objects = CustodyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("custody record")
        verbose_name_plural = _("custody records")
        ordering = ["-detained_at"]
        permissions = [
            ("view_identity", _("Can see detainees' names and documents")),
            ("view_record_history", _("Can see the field-level history of a record")),
            ("record_custody_entry", _("Can record custody entries (rights, care, movements)")),
            ("record_medical_entry", _("Can record medical entries")),
            ("record_inspection_entry", _("Can record inspector entries")),
            ("release_detainee", _("Can release or transfer a detainee")),
            ("override_placement_rules", _("Can place a detainee against a placement rule, with a reason")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="in_custody"),
                name="one_open_record_per_person",
                violation_error_message=_("This person already has an open custody record."),
            ),
            models.CheckConstraint(
                condition=models.Q(arrived_at__gte=models.F("detained_at")),
                name="arrival_not_before_detention",
            ),
        ]
        indexes = [models.Index(fields=["facility", "status", "-detained_at"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("detainees:record-detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == Status.IN_CUSTODY

    @property
    def legal_basis_short(self):
        return SHORT_BASIS[LegalBasis(self.legal_basis)]

    @property
    def is_minor(self):
        """Under 18 at the moment of actual detention (CPC art. 484: special procedure for minors)."""
        return self.person.age_on(timezone.localdate(self.detained_at)) < 18

    @property
    def is_foreign_national(self):
        """A citizen of another state (a stateless person has no consulate to notify)."""
        return bool(self.person.citizenship.code) and self.person.citizenship.code != "UA"

    @property
    def is_stateless(self):
        return not self.person.citizenship.code

    def vulnerabilities(self):
        flags = [
            (self.is_minor, _("minor")),
            (self.is_foreign_national, _("foreign national")),
            (self.is_stateless, _("stateless")),
            (self.has_disability, _("disability")),
            (self.has_mental_health_condition, _("mental health")),
            (self.is_intoxicated, _("intoxicated")),
            (self.is_pregnant, _("pregnant")),
        ]
        return [label for present, label in flags if present]

    def can_become(self, status):
        return status in ALLOWED_TRANSITIONS[Status(self.status)]

    def clean(self):
        self.check_legal_rules()

    def check_legal_rules(self, now=None):
        """The legal rules of a detention (as of `now`), each refused on the field it is about.

        - Detention and arrival have happened, in that order: the clock starts at the actual
          detention (CPC art. 209), never at arrival.
        - The martial-law period (CPC art. 615 part 5) extends only a criminal detention without
          a ruling (CPC art. 208).
        - The extension to 72 hours (CAO art. 263 parts 2–3) applies to administrative detention only.
        - A criminal case is numbered in the Unified Register of Pre-trial Investigations (CPC
          art. 214): 17 digits.
        """
        errors = {}
        now = now or timezone.now()
        if self.detained_at and self.detained_at > now:
            errors["detained_at"] = _("The moment of detention cannot be in the future.")
        if self.arrived_at and self.arrived_at > now:
            errors["arrived_at"] = _("The arrival time cannot be in the future.")
        if self.detained_at and self.arrived_at and self.arrived_at < self.detained_at:
            errors["arrived_at"] = _("Arrival cannot be before the moment of actual detention.")
        if self.martial_law and self.legal_basis != LegalBasis.CPC_208:
            errors["martial_law"] = _("The martial-law period applies to criminal detention without a ruling.")
        if self.extended_administrative and self.legal_basis != LegalBasis.CAO_262:
            errors["extended_administrative"] = _("Extended detention applies to administrative detention only.")
        case = (self.case_number or "").strip()
        if self.legal_basis in CRIMINAL_BASES and case and not ERDR_RE.fullmatch(case):
            errors["case_number"] = _("A criminal proceedings number has exactly 17 digits.")
        if errors:
            raise ValidationError(errors)


class RecordNumberSequence(models.Model):
    """Per facility and year counter behind record numbers like ITT1-2026-000123."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, verbose_name=_("facility"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facility", "year"], name="one_sequence_per_facility_year")]

    def __str__(self):
        return f"{self.facility_id}/{self.year}: {self.last}"


class EntryKind(models.TextChoices):
    INTAKE = "intake", _("Booked in")
    RIGHTS = "rights", _("Rights explained")
    NOTIFICATION = "notification", _("Notification")
    LAWYER_VISIT = "lawyer_visit", _("Lawyer visit")
    MEDICAL_EXAM = "medical_exam", _("Medical examination")
    INJURY = "injury", _("Injuries documented")
    MEDICATION = "medication", _("Medication given")
    SEARCH = "search", _("Search and property")
    PLACEMENT = "placement", _("Cell placement")
    CHECK = "check", _("Observation check")
    MEAL = "meal", _("Meal or drink")
    EXERCISE = "exercise", _("Exercise")
    MOVEMENT_OUT = "movement_out", _("Taken out of the cell")
    MOVEMENT_RETURN = "movement_return", _("Returned to the cell")
    FORCE = "force", _("Use of force or restraint")
    COMPLAINT = "complaint", _("Complaint")
    CCTV = "cctv", _("CCTV reference")
    NOTE = "note", _("Note")
    SUSPICION_NOTICE = "suspicion_notice", _("Notice of suspicion served")
    DETENTION_REVIEW = "detention_review", _("Detention reviewed")
    RISK_REVIEW = "risk_review", _("Risk re-assessed")
    INTERVIEW_DETAINEE = "interview_detainee", _("Inspector's interview with the detainee")
    INTERVIEW_OFFICER = "interview_officer", _("Inspector's interview with the detaining officer")
    MEDICAL_REQUEST = "medical_request", _("Medical examination requested")
    REVIEW_SIGNED = "review_signed", _("Record reviewed by the inspector")
    RELEASE = "release", _("Released or transferred")


# --- What an entry's details say ------------------------------------------------------------
# The value lists of the entry forms' choice fields (the form of each kind is in `kinds.py`).
# Norms, services and oversight compare details against these; the stored values never change.


class NotificationRecipient(models.TextChoices):
    LEGAL_AID = "legal_aid", _("Free legal aid centre")
    RELATIVE = "relative", _("Relative or other person chosen by the detainee")
    PARENTS = "parents", _("Parents or legal representative of a minor")
    GUARDIANSHIP = "guardianship", _("Guardianship body")
    CONSULATE = "consulate", _("Consulate or embassy")
    EMPLOYER = "employer", _("Employer or place of study")
    OTHER = "other", _("Other")


class NotificationMethod(models.TextChoices):
    PHONE = "phone", _("phone")
    IN_PERSON = "in_person", _("in person")
    EMAIL = "email", _("e-mail")
    ELECTRONIC = "electronic", _("electronic system")
    LETTER = "letter", _("letter")
    OTHER = "other", _("other")


class NotificationResult(models.TextChoices):
    DELIVERED = "delivered", _("delivered / reached")
    NO_ANSWER = "no_answer", _("no answer, will retry")
    DECLINED = "declined", _("detainee declined")
    FAILED = "failed", _("could not be delivered")


class ExamReason(models.TextChoices):
    ARRIVAL = "arrival", _("on arrival")
    REQUEST = "request", _("at the detainee's request")
    RETURN = "return", _("after return to the cell")
    INCIDENT = "incident", _("after an incident")
    RELEASE = "release", _("before release")
    OTHER = "other", _("other")


class Fitness(models.TextChoices):
    FIT = "fit", _("fit for detention")
    FIT_WITH_CONDITIONS = "fit_with_conditions", _("fit with conditions")
    UNFIT = "unfit", _("unfit: hospital transfer needed")


class BodyRegion(models.TextChoices):
    HEAD = "head", _("head")
    FACE = "face", _("face")
    NECK = "neck", _("neck")
    CHEST = "chest", _("chest")
    ABDOMEN = "abdomen", _("abdomen")
    BACK = "back", _("back")
    LEFT_ARM = "left_arm", _("left arm")
    RIGHT_ARM = "right_arm", _("right arm")
    LEFT_HAND = "left_hand", _("left hand")
    RIGHT_HAND = "right_hand", _("right hand")
    LEFT_LEG = "left_leg", _("left leg")
    RIGHT_LEG = "right_leg", _("right leg")
    GROIN = "groin", _("groin")


class Consistency(models.TextChoices):
    CONSISTENT = "consistent", _("consistent with the detainee's statement")
    INCONSISTENT = "inconsistent", _("not consistent with the statement")
    UNDETERMINED = "undetermined", _("cannot be determined")


class CheckState(models.TextChoices):
    AWAKE = "awake", _("awake")
    ASLEEP = "asleep", _("asleep, breathing normally")
    ROUSED = "roused", _("roused and responded")


class CheckCondition(models.TextChoices):
    NORMAL = "normal", _("no concerns")
    ATTENTION = "attention", _("needs attention")
    MEDICAL = "medical", _("medical help called")


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("breakfast")
    LUNCH = "lunch", _("lunch")
    DINNER = "dinner", _("dinner")
    DRINK = "drink", _("drink")
    SPECIAL = "special", _("special diet meal")


class MealOutcome(models.TextChoices):
    EATEN = "eaten", _("accepted")
    PARTLY = "partly", _("partly eaten")
    REFUSED = "refused", _("refused")
    ABSENT = "absent", _("not served: out of the cell")


class MovementPurpose(models.TextChoices):
    INTERVIEW = "interview", _("interview")
    INVESTIGATIVE_ACTION = "investigative_action", _("investigative action")
    COURT = "court", _("court hearing")
    HOSPITAL = "hospital", _("hospital")
    MEDICAL = "medical", _("medical examination")
    LAWYER = "lawyer", _("meeting with a lawyer")
    OTHER = "other", _("other")


# Taking a detainee out for these at night is flagged (CPC art. 223 part 4).
INVESTIGATIVE_PURPOSES = {MovementPurpose.INTERVIEW, MovementPurpose.INVESTIGATIVE_ACTION}


class ForceType(models.TextChoices):
    PHYSICAL = "physical", _("physical force")
    HANDCUFFS = "handcuffs", _("handcuffs")
    RESTRAINT = "restraint", _("other restraint")
    SPECIAL_MEANS = "special_means", _("other special means")


class ComplaintAddressee(models.TextChoices):
    FACILITY_HEAD = "facility_head", _("head of the facility")
    PROSECUTOR = "prosecutor", _("prosecutor")
    OMBUDSPERSON = "ombudsperson", _("Ombudsperson")
    COURT = "court", _("court")
    INSPECTOR = "inspector", _("human-rights inspector")
    OTHER = "other", _("other")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("detention continues")
    RELEASE = "release", _("release ordered")


class ReleaseOutcome(models.TextChoices):
    RELEASED = "released", _("released")
    TRANSFERRED = "transferred", _("transferred")


class Destination(models.TextChoices):
    FREEDOM = "freedom", _("freedom")
    COURT = "court", _("court")
    SIZO = "sizo", _("pre-trial detention centre")
    HOSPITAL = "hospital", _("hospital")
    OTHER_FACILITY = "other_facility", _("another facility")
    OTHER = "other", _("other")


class PropertyReturn(models.TextChoices):
    ALL_RETURNED = "all_returned", _("all property returned")
    NONE_HELD = "none_held", _("no property was held")
    HANDED_OVER = "handed_over", _("handed over with the detainee")
    PARTLY = "partly", _("partly returned (see note)")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("in transit")
    ACCEPTED = "accepted", _("accepted")


class Transfer(models.Model):
    """A handover of a detainee between two facilities of the system: one custody, two records.

    Written by `services.transfer_out` with the sending record's release entry, and marked
    accepted (once) by `services.accept_transfer` with the receiving record's intake; never
    deleted. Until accepted the person is in transit, an obligation of the sending facility
    (norm `transfer-arrival`).
    """

    from_record = models.OneToOneField(
        CustodyRecord, on_delete=models.PROTECT, related_name="transfer", verbose_name=_("sending record")
    )
    to_facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="arrivals", verbose_name=_("receiving facility")
    )
    departed_at = models.DateTimeField(_("departed at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The sealed property bags sent with the person: [{"bag_number", "items"}].
    bags = models.JSONField(_("sealed bags"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING, editable=False
    )
    accepted_record = models.OneToOneField(
        CustodyRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accepted_transfer",
        editable=False,
        verbose_name=_("receiving record"),
    )
    accepted_at = models.DateTimeField(_("arrived at"), null=True, blank=True, editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        indexes = [models.Index(fields=["to_facility", "status"])]

    def __str__(self):
        return f"{self.from_record} → {self.to_facility}"

    @property
    def is_pending(self):
        return self.status == TransferStatus.PENDING


class TimelineEntryQuerySet(AppendOnlyQuerySet):
    def for_timeline(self):
        return self.select_related("author", "cell", "related").order_by("occurred_at", "pk")


class TimelineEntry(AppendOnlyModel):
    """One thing that happened to a detainee. Never updated, never deleted.

    `occurred_at` is when it happened (entered by the officer), `recorded_at` when it was typed
    in (set here). A correction is a new entry with `corrects` pointing at the old one and a
    reason; the old one stays as it was.
    """

    record = models.ForeignKey(
        CustodyRecord, on_delete=models.PROTECT, related_name="entries", verbose_name=_("custody record")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    occurred_at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    cell = models.ForeignKey(
        "facilities.Cell", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cell")
    )
    # A return points at the exit it closes; a medical request at the interview that raised it.
    related = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("related entry")
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for correction"), max_length=1000, blank=True)

    objects = TimelineEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [
            models.Index(fields=["record", "occurred_at"]),
            models.Index(fields=["record", "kind", "occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(correction_reason=""),
                name="correction_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(recorded_at__gte=models.F("occurred_at")),
                name="entry_not_recorded_before_it_happened",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"
