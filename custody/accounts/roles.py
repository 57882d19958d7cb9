"""Roles are Django groups; this module is the single table of what each role may do.

Groups are rebuilt from this table after every migration, so a deployment never drifts from
the code. Permissions not listed here are denied (deny by default).
"""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    DUTY_OFFICER = "duty_officer", _("Duty officer")
    INSPECTOR = "inspector", _("Human-rights inspector")
    MEDIC = "medic", _("Medic")
    FACILITY_HEAD = "facility_head", _("Facility head")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    MONITOR = "monitor", _("NGO / NPM monitor")
    ADMINISTRATOR = "administrator", _("Administrator")


_READ = ["detainees.view_custodyrecord"]
_NAMES = ["detainees.view_identity"]
_HISTORY = ["detainees.view_record_history"]
# Oversight pages: who viewed a record, chain integrity, statistics and exports, visits.
_OVERSIGHT = [
    "oversight.view_accessevent",
    "oversight.view_verification",
    "oversight.add_verification",
    "oversight.view_recordsummary",
    "oversight.export_records",
    "oversight.view_monitoringvisit",
]

ROLE_PERMISSIONS = {
    Role.DUTY_OFFICER: _READ
    + _NAMES
    + [
        "detainees.add_custodyrecord",
        "detainees.record_custody_entry",
        "detainees.release_detainee",
    ],
    Role.INSPECTOR: _READ
    + _NAMES
    + _HISTORY
    + _OVERSIGHT
    + [
        "detainees.record_inspection_entry",
        "inspections.view_finding",
        "inspections.add_finding",
        "inspections.refer_finding",
        "inspections.review_records",
        "inspections.inspect_cells",
    ],
    Role.MEDIC: _READ + _NAMES + ["detainees.record_medical_entry"],
    Role.FACILITY_HEAD: _READ
    + _NAMES
    + _HISTORY
    + _OVERSIGHT
    + [
        "oversight.view_namedaccessgrant",
        "oversight.add_namedaccessgrant",
        "oversight.change_namedaccessgrant",
        "detainees.add_custodyrecord",
        "detainees.record_custody_entry",
        "detainees.release_detainee",
        "detainees.override_placement_rules",
        "inspections.view_finding",
        "inspections.record_remedy",
        "facilities.view_cell",
        "facilities.change_cell",
    ],
    Role.PROSECUTOR: _READ
    + _NAMES
    + _HISTORY
    + _OVERSIGHT
    + [
        "inspections.view_finding",
        "inspections.answer_finding",
    ],
    # Monitors read pseudonymised records (no view_identity) unless granted named access; they
    # log visits and file findings into the inspectors' workflow.
    Role.MONITOR: _READ
    + _HISTORY
    + _OVERSIGHT
    + [
        "oversight.log_visit",
        "oversight.view_namedaccessgrant",
        "inspections.view_finding",
        "inspections.add_finding",
        "inspections.refer_finding",
    ],
    Role.ADMINISTRATOR: [
        "accounts.view_securityevent",
        "oversight.view_namedaccessgrant",
        "oversight.add_namedaccessgrant",
        "oversight.change_namedaccessgrant",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "facilities.view_region",
        "facilities.add_region",
        "facilities.change_region",
        "facilities.view_facility",
        "facilities.add_facility",
        "facilities.change_facility",
        "facilities.view_cell",
        "facilities.add_cell",
        "facilities.change_cell",
        "norms.view_normprofile",
        "norms.add_normprofile",
        "norms.change_normprofile",
        "norms.view_norm",
        "norms.add_norm",
        "norms.change_norm",
        "norms.delete_norm",
    ],
}

# Roles that never write custody data, whatever else they are granted.
READ_ONLY_ROLES = {Role.PROSECUTOR, Role.MONITOR}


def is_read_only(user):
    """Prosecutors and monitors never write, even if also put in a writing group by mistake."""
    from .backends import load_grants

    load_grants(user)
    return not user._role_values.isdisjoint(READ_ONLY_ROLES)


def sync_role_groups(sender=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    from integrity.log import sealed

    # The groups are national objects: creating one is sealed into the national log.
    with sealed():
        _sync_role_groups(using, Group, Permission)


def _sync_role_groups(using, Group, Permission):
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                return  # an app has not migrated yet; the last post_migrate call completes it
            wanted.append(perm)
        group.permissions.set(wanted)


def roles_that_may(*permissions):
    """The roles that may write with any of these permissions, by their labels: who to ask when refused."""
    return [
        role.label
        for role, perms in ROLE_PERMISSIONS.items()
        if role not in READ_ONLY_ROLES and not set(permissions).isdisjoint(perms)
    ]
