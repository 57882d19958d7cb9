"""Who may see and who may do what: the one module that views, services, selectors, forms and
templates ask, each question answered by a function named after it.

Deny by default:

- What lies outside a user's scope (the facilities they work in and every facility of the
  regions they oversee, `User.facility_scope`), or anything of a kind they may not read at
  all, does not exist for them: the querysets here leave it out and the getters answer 404.
- What they can see but may not do answers 403 (`require`).
- Prosecutors and monitors never write custody data, whatever groups they are in (`may_write`):
  the services ask it on every write.

The questions read only the roles and permissions loaded once per request
(`custody.accounts.backends.load_grants`) and cost no query; the scope is a subquery of the
statement that reads the rows. Role names stay in `custody.accounts.roles`.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from custody.accounts.roles import is_read_only, roles_that_may
from custody.facilities.models import Facility
from detainees.models import CustodyRecord, TimelineEntry, Transfer, TransferStatus
from inspections.models import Finding, FindingStep
from oversight.models import MonitoringVisit, NamedAccessGrant


def require(allowed, why=None):
    """403 unless `allowed`; `why` (what is refused and who may do it) is what the 403 page says."""
    if not allowed:
        raise PermissionDenied(why) if why else PermissionDenied


def _who(*permissions):
    return ", ".join(str(label) for label in roles_that_may(*permissions))


# --- Scope ----------------------------------------------------------------------------------


def facilities(user):
    """The facilities in the user's scope: those they work in, and every facility of the regions they oversee."""
    return user.facility_scope()


def get_facility(user, pk):
    """A facility in the user's scope; any other does not exist for them (404)."""
    return get_object_or_404(facilities(user), pk=pk)


def within_scope(queryset, user, via="facility"):
    """The rows of `queryset` (or a manager) whose facility, reached through `via`, is in the user's scope."""
    return queryset.filter(**{f"{via}__in": facilities(user)})


def in_scope(user, facility_id):
    """Is this facility in the user's scope (one query)."""
    return facilities(user).filter(pk=facility_id).exists()


def may_write(user):
    """Prosecutors and monitors oversee: they never write custody data, even if put in a writing group."""
    return not is_read_only(user)


# --- Custody records ------------------------------------------------------------------------


def may_read_records(user):
    return user.has_perm("detainees.view_custodyrecord")


def records(user, queryset=None):
    """The custody records (of `queryset`, else all) this user may see."""
    queryset = CustodyRecord.objects.all() if queryset is None else queryset
    return within_scope(queryset, user) if may_read_records(user) else queryset.none()


def get_record_for_viewer(user, pk):
    return get_object_or_404(
        records(user).select_related("person", "facility", "facility__region", "current_cell", "open_movement"),
        pk=pk,
    )


def may_see_history(user):
    return user.has_perm("detainees.view_record_history")


def may_book_in(user):
    return user.has_perm("detainees.add_custodyrecord")


def may_record(user, spec):
    """May this user record (and correct) entries of this kind (`detainees.kinds.KindSpec`)."""
    return may_write(user) and any(user.has_perm(perm) for perm in spec.permissions)


def _manual_spec(kind):
    from detainees.kinds import SPECS  # the kinds table imports the forms, which ask this module

    spec = SPECS.get(kind)
    return spec if spec is not None and spec.manual else None


def get_record_for_entry(user, pk, kind):
    """The record and the kind's spec, if this user may add an entry of this kind to it."""
    record = get_record_for_viewer(user, pk)
    spec = _manual_spec(kind)
    require(spec is not None)
    require(may_record(user, spec), _refused_entry(spec))
    return record, spec


def get_entry_for_correction(user, pk):
    """The entry and its kind's spec, if this user may correct it."""
    entry = get_object_or_404(
        TimelineEntry.objects.select_related("record", "cell", "author"), pk=pk, record__in=records(user)
    )
    spec = _manual_spec(entry.kind)
    require(spec is not None)
    require(may_record(user, spec), _refused_entry(spec))
    return entry, spec


def _refused_entry(spec):
    return format_lazy(
        _("Your role may not record “{kind}”. Who records it: {roles}."), kind=spec.label, roles=_who(*spec.permissions)
    )


def may_do_rounds(user):
    """Check and meal rounds over a whole facility: the custody desk's work."""
    return user.has_perm("detainees.record_custody_entry")


def may_override_placement(user):
    """May place a detainee against a placement rule, giving a reason (facility heads)."""
    return user.has_perm("detainees.override_placement_rules")


def may_release(user):
    return user.has_perm("detainees.release_detainee")


def get_record_for_release(user, pk):
    record = get_record_for_viewer(user, pk)
    require(
        may_release(user),
        format_lazy(
            _("Your role may not release a detainee. Who releases: {roles}."), roles=_who("detainees.release_detainee")
        ),
    )
    return record


# --- Transfers between facilities ---------------------------------------------------------------


def may_accept_transfer(user):
    """Receiving a transferred detainee is booking them in: the custody desk's work."""
    return may_book_in(user) and may_write(user)


def transfers_expected(user):
    """Pending transfers to the facilities in the user's scope: the receiving desk sees their essentials
    (the sending record stays out of its scope)."""
    if not may_read_records(user):
        return Transfer.objects.none()
    return within_scope(Transfer.objects.filter(status=TransferStatus.PENDING), user, via="to_facility")


def get_transfer_for_acceptance(user, pk):
    """A pending transfer to a facility in the user's scope (else 404), if they may receive it (else 403)."""
    transfer = get_object_or_404(
        transfers_expected(user).select_related("from_record__person", "from_record__facility", "to_facility"), pk=pk
    )
    require(
        may_accept_transfer(user),
        format_lazy(
            _("Your role may not receive a transferred detainee. Who receives: {roles}."),
            roles=_who("detainees.add_custodyrecord"),
        ),
    )
    return transfer


# --- Identity -------------------------------------------------------------------------------


def may_see_names(user):
    """Names, documents and dates of birth of everyone in the user's scope (staff, not monitors)."""
    return user.has_perm("detainees.view_identity")


def named_access(user):
    """Facility id -> the grant in force that lets this user see names there; read once per request."""
    if not hasattr(user, "_named_access"):
        now = timezone.now()
        user._named_access = (
            {}
            if may_see_names(user)
            else {
                grant.facility_id: grant
                for grant in NamedAccessGrant.objects.filter(
                    monitor=user, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now
                )
                .select_related("granted_by")
                .order_by("ends_at")
            }
        )
    return user._named_access


def may_see_name(user, record):
    """May this user see who the detainee of this record is: always, or by a named access grant."""
    return may_see_names(user) or record.facility_id in named_access(user)


# --- Oversight ------------------------------------------------------------------------------


def may_see_read_log(user):
    """Who viewed a record is itself oversight information: heads, inspectors, prosecutors, monitors."""
    return user.has_perm("oversight.view_accessevent")


def may_see_integrity(user):
    return user.has_perm("oversight.view_verification")


def may_verify(user):
    """Verify the logs and sign their heads."""
    return user.has_perm("oversight.add_verification")


def may_oversee(user):
    """The oversight pages: integrity, or named access grants."""
    return may_see_integrity(user) or may_see_grants(user)


def may_see_statistics(user):
    return user.has_perm("oversight.view_recordsummary")


def may_export(user):
    """Export statistics as CSV."""
    return user.has_perm("oversight.export_records")


def may_see_visits(user):
    return user.has_perm("oversight.view_monitoringvisit")


def visits(user):
    """Monitoring visits to the facilities in the user's scope, for those who may read visits at all."""
    if not may_see_visits(user):
        return MonitoringVisit.objects.none()
    return within_scope(MonitoringVisit.objects, user)


def may_log_visit(user):
    return user.has_perm("oversight.log_visit")


def may_see_grants(user):
    return user.has_perm("oversight.view_namedaccessgrant")


def may_grant(user):
    return user.has_perm("oversight.add_namedaccessgrant")


def may_revoke(user):
    return user.has_perm("oversight.change_namedaccessgrant")


def grantable_facilities(user):
    """Where this user may grant named access: administrators anywhere, facility heads at their own facilities."""
    if not may_grant(user):
        return Facility.objects.none()
    if user.has_perm("facilities.change_facility") and user.is_staff:
        return Facility.objects.all()
    return facilities(user)


def may_grant_at(user, facility_id):
    return grantable_facilities(user).filter(pk=facility_id).exists()


def grants(user):
    """The named access grants this user may see: those they may grant, else (monitors) their own."""
    rows = NamedAccessGrant.objects.select_related("monitor", "facility", "granted_by", "revoked_by")
    if may_grant(user):
        return rows.filter(facility__in=grantable_facilities(user))
    if may_see_grants(user):
        return rows.filter(monitor=user)
    return rows.none()


# --- Inspections ----------------------------------------------------------------------------


def may_review(user):
    """Review records against the checklist: the inspector's work queue."""
    return user.has_perm("inspections.review_records")


def may_answer_review(user, review):
    """Only the inspector who opened a review answers and signs it."""
    return review.inspector_id == user.pk


def may_inspect_cells(user):
    return user.has_perm("inspections.inspect_cells")


def may_fix_defects(user):
    """Mark a cell's defect fixed: the inspector, or the facility head recording the remedy."""
    return may_inspect_cells(user) or user.has_perm("inspections.record_remedy")


def may_see_findings(user):
    return user.has_perm("inspections.view_finding")


def findings(user, queryset=None):
    """The findings (of `queryset`, else all) this user may see."""
    queryset = Finding.objects.all() if queryset is None else queryset
    return within_scope(queryset, user) if may_see_findings(user) else queryset.none()


def may_file_finding(user):
    return user.has_perm("inspections.add_finding")


# Each step of a finding's workflow and the permission it takes.
FINDING_STEPS = {
    FindingStep.REFER: "inspections.refer_finding",
    FindingStep.ANSWER: "inspections.answer_finding",
    FindingStep.REMEDY: "inspections.record_remedy",
    FindingStep.CLOSE: "inspections.add_finding",
}


def may_change_finding(user, step):
    """May take this step (`FINDING_STEPS`) of the findings workflow; closing also asks `may_close`."""
    return user.has_perm(FINDING_STEPS[step])


def may_close(user, finding):
    """A monitor closes only their own findings; inspectors any in their scope."""
    return may_change_finding(user, FindingStep.CLOSE) and (finding.created_by_id == user.pk or may_review(user))


# --- Accounts -------------------------------------------------------------------------------


def may_manage_accounts(user):
    """Other people's accounts and second factors: administrators."""
    return user.has_perm("accounts.change_user")
