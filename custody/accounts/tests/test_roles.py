"""Each role is a group holding exactly the permissions in the roles table."""

from django.contrib.auth.models import Group

from custody.accounts.roles import READ_ONLY_ROLES, ROLE_PERMISSIONS, Role


def test_every_role_group_holds_exactly_its_listed_permissions(db):
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(perms), role


def test_read_only_roles_hold_no_permission_to_add_change_or_record_custody_data():
    # What they write is oversight's own: a prosecutor's answer to a referral, a monitor's visit
    # and findings; both may run an integrity check and export. Never custody data.
    oversight = {"oversight.add_verification", "oversight.export_records"}
    allowed = {
        Role.PROSECUTOR: oversight | {"inspections.answer_finding"},
        Role.MONITOR: oversight | {"oversight.log_visit", "inspections.add_finding", "inspections.refer_finding"},
    }
    for role in READ_ONLY_ROLES:
        writes = {p for p in ROLE_PERMISSIONS[role] if not p.split(".")[1].startswith("view_")}
        assert writes == allowed[role], role
        assert not any(p.startswith("detainees.") and not p.startswith("detainees.view_") for p in writes)


def test_the_administrator_cannot_see_custody_records():
    assert "detainees.view_custodyrecord" not in ROLE_PERMISSIONS[Role.ADMINISTRATOR]
