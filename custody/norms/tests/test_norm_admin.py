"""Administrators add norm versions; a version already in force cannot be edited or deleted."""

from django.urls import reverse

from custody.norms.models import Norm


def test_the_administrator_sees_norms_and_can_start_a_new_version_from_an_old_one(client, administrator):
    client.force_login(administrator)
    norm = Norm.objects.get(key="limit-72h")
    assert client.get(reverse("admin:norms_norm_changelist")).status_code == 200
    page = client.get(reverse("admin:norms_norm_add"), {"from": norm.pk}).content.decode()
    assert "CPC art. 211" in page


def test_a_version_in_force_is_read_only_in_the_admin(client, administrator):
    client.force_login(administrator)
    norm = Norm.objects.get(key="limit-72h")
    url = reverse("admin:norms_norm_change", args=[norm.pk])
    response = client.post(url, {"value": "720"})
    assert response.status_code == 403
    norm.refresh_from_db()
    assert norm.value == 72


def test_a_duty_officer_cannot_reach_the_norms(client, duty_officer):
    client.force_login(duty_officer)
    response = client.get(reverse("admin:norms_norm_changelist"))
    assert response.status_code == 302  # the admin sends non-staff users to its login
