"""Each role is a group holding exactly the permissions in the roles table."""

from django.contrib.auth.models import Group

from custody.accounts.roles import READ_ONLY_ROLES, ROLE_PERMISSIONS, Role


def test_every_role_group_holds_exactly_its_listed_permissions(db):
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(perms), role


def test_read_only_roles_hold_no_permission_to_add_change_or_record():
    # The one thing a prosecutor writes is the answer to a referral made to them.
    allowed = {Role.PROSECUTOR: ["inspections.answer_finding"], Role.MONITOR: []}
    for role in READ_ONLY_ROLES:
        writes = [p for p in ROLE_PERMISSIONS[role] if not p.split(".")[1].startswith("view_")]
        assert writes == allowed[role], role


def test_the_administrator_cannot_see_custody_records():
    assert "detainees.view_custodyrecord" not in ROLE_PERMISSIONS[Role.ADMINISTRATOR]
