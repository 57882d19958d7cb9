"""Sign-in, sign-out, password and role changes are recorded exactly once, with user, time and address."""

from django.contrib.auth.models import Group
from django.urls import reverse

from custody.accounts.models import SecurityEvent, SecurityEventKind
from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from integrity.log import sealed


def test_a_sign_in_and_a_sign_out_are_recorded_once_each(client, db):
    user = UserFactory(username="kovalenko")
    with sealed():  # a national object: the change goes into the national log
        user.set_password("довгий-пароль-2026")
        user.save()
    client.post(reverse("login"), {"username": "kovalenko", "password": "довгий-пароль-2026"}, REMOTE_ADDR="10.2.3.4")
    client.post(reverse("logout"), REMOTE_ADDR="10.2.3.4")
    events = list(
        SecurityEvent.objects.filter(kind__in=[SecurityEventKind.LOGIN, SecurityEventKind.LOGOUT])
        .order_by("pk")
        .values_list("kind", "user", "ip")
    )
    assert events == [(SecurityEventKind.LOGIN, user.pk, "10.2.3.4"), (SecurityEventKind.LOGOUT, user.pk, "10.2.3.4")]


def test_a_password_change_is_recorded_with_who_made_it_and_never_the_password(db, administrator):
    from custody.lib.audit import acting_as

    user = UserFactory()
    with acting_as(administrator):
        with sealed():  # a national object: the change goes into the national log
            user.set_password("нове-довге-гасло-2026")
            user.save()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PASSWORD_CHANGED)
    assert (event.user, event.actor) == (user, administrator)
    assert "нове-довге" not in str(list(SecurityEvent.objects.values()))


def test_role_changes_are_recorded(db, administrator):
    user = UserFactory(role=Role.DUTY_OFFICER)
    before = SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGED).count()
    with sealed(actor=administrator):
        user.groups.add(Group.objects.get(name=Role.FACILITY_HEAD))
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGED).latest("pk")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ROLE_CHANGED).count() == before + 1
    assert (event.user, event.actor) == (user, administrator)
    assert "facility_head" in event.detail


def test_security_events_can_never_be_changed(db):
    import pytest

    from custody.lib.appendonly import AppendOnlyError

    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="x")
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
