"""A user's roles and permissions are read in one query per request, and mean what Django's would."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from custody.accounts.models import User
from custody.accounts.roles import Role, is_read_only
from custody.accounts.tests.factories import UserFactory
from integrity.log import sealed


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_permissions_and_the_read_only_check_cost_one_query_together(facility):
    officer = fresh(UserFactory(role=Role.DUTY_OFFICER, facilities=[facility]))
    with CaptureQueriesContext(connection) as queries:
        assert officer.has_perm("detainees.record_custody_entry")
        assert not officer.has_perm("inspections.add_finding")
        assert not is_read_only(officer)
    assert len(queries.captured_queries) == 1


def test_a_prosecutor_is_read_only_even_when_also_put_in_a_writing_group(facility, region):
    from django.contrib.auth.models import Group

    prosecutor = UserFactory(role=Role.PROSECUTOR, regions=[region])
    with sealed():
        prosecutor.groups.add(Group.objects.get(name=Role.DUTY_OFFICER))
    prosecutor = fresh(prosecutor)
    assert prosecutor.has_perm("detainees.record_custody_entry") and is_read_only(prosecutor)


def test_a_permission_given_to_the_user_directly_counts_as_with_django(facility):
    medic = UserFactory(role=Role.MEDIC, facilities=[facility])
    with sealed():
        medic.user_permissions.add(Permission.objects.get(codename="view_finding"))
    medic = fresh(medic)
    assert medic.has_perm("inspections.view_finding") and medic.has_perm("detainees.record_medical_entry")
    assert medic.get_all_permissions() >= {"inspections.view_finding", "detainees.view_custodyrecord"}


def test_a_user_without_a_role_holds_nothing_and_a_superuser_everything(facility):
    nobody = fresh(UserFactory(facilities=[facility]))
    assert nobody.get_all_permissions() == set() and not is_read_only(nobody)
    root = fresh(UserFactory(is_superuser=True))
    assert root.has_perm("norms.change_norm") and root.has_perm("detainees.record_medical_entry")


def test_an_inactive_user_holds_nothing(facility):
    officer = UserFactory(role=Role.DUTY_OFFICER, facilities=[facility], is_active=False)
    assert not fresh(officer).has_perm("detainees.view_custodyrecord")


def test_the_user_menu_names_the_role_from_the_grants_already_read(client, facility):
    from django.urls import reverse

    officer = UserFactory(role=Role.DUTY_OFFICER, facilities=[facility])
    client.force_login(officer)
    page = client.get(reverse("detainees:board"))
    assert "Duty officer" in page.content.decode()
    officer = fresh(officer)
    officer.has_perm("detainees.view_custodyrecord")
    with CaptureQueriesContext(connection) as queries:
        assert officer.role_names == ["Duty officer"]
    assert queries.captured_queries == []


def test_role_names_of_a_listed_user_come_from_prefetched_groups(facility):
    UserFactory(role=Role.INSPECTOR, facilities=[facility])
    users = list(User.objects.filter(groups__name=Role.INSPECTOR).prefetch_related("groups"))
    with CaptureQueriesContext(connection) as queries:
        assert [user.role_names for user in users] == [["Human-rights inspector"]]
    assert queries.captured_queries == []
