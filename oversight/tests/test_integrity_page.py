"""The integrity page verifies the chains, exports the head and verifies against an uploaded head."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight import chain
from oversight.models import AccessEvent, AccessKind, Verification

from .tamper import drop_triggers, execute


def test_a_prosecutor_verifies_the_history_and_sees_it_intact(client, booked, prosecutor):
    client.force_login(prosecutor)
    response = client.post(reverse("oversight:integrity"), {"verify": "full"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("alert-success") == 2 and "intact" in page
    assert Verification.objects.filter(by=prosecutor, intact=True).count() == 2


def test_the_page_names_the_first_broken_entry(client, booked, prosecutor):
    entry = booked.entries.get()
    drop_triggers("detainees_timelineentry")
    execute("UPDATE detainees_timelineentry SET correction_reason = 'x' WHERE id = %s", [entry.pk])
    client.force_login(prosecutor)
    page = client.post(reverse("oversight:integrity"), {"verify": "full"}).content.decode()
    assert f"entry #{entry.pk}" in page and "alert-danger" in page


def test_the_head_is_exported_as_a_file_and_the_export_is_logged(client, booked, prosecutor):
    client.force_login(prosecutor)
    response = client.get(reverse("oversight:integrity-head"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert {c["chain"] for c in data["chains"]} == {"timeline", "audit"}
    assert data["exported_by"] == prosecutor.username
    assert AccessEvent.objects.filter(user=prosecutor, kind=AccessKind.HEAD_EXPORT).exists()


def test_an_uploaded_head_is_verified_against(client, booked, prosecutor):
    head = json.dumps(chain.export_head()).encode()
    client.force_login(prosecutor)
    response = client.post(reverse("oversight:integrity"), {"head": SimpleUploadedFile("head.json", head)})
    assert response.content.decode().count("alert-success") == 2
    assert Verification.objects.filter(against_export=True).count() == 2


def test_a_forged_head_file_is_refused_with_a_clear_error_and_logged(client, booked, prosecutor):
    client.force_login(prosecutor)
    response = client.post(reverse("oversight:integrity"), {"head": SimpleUploadedFile("head.json", b"<script>")})
    assert response.status_code == 400
    assert "not a chain head exported by Custody Records" in response.content.decode()
    assert AccessEvent.objects.filter(kind=AccessKind.BAD_REQUEST).exists()
    assert not Verification.objects.exists()


def test_a_duty_officer_cannot_open_the_integrity_page(client, duty_officer):
    client.force_login(duty_officer)
    assert client.get(reverse("oversight:integrity")).status_code == 403
    assert client.post(reverse("oversight:integrity"), {"verify": "full"}).status_code == 403
    assert not Verification.objects.exists()


def test_the_quick_check_covers_only_what_was_sealed_since_the_last_full_check(client, booked, prosecutor, duty_officer):
    from django.utils import timezone

    from detainees import services
    from detainees.models import EntryKind
    from oversight.models import Chain

    client.force_login(prosecutor)
    client.post(reverse("oversight:integrity"), {"verify": "full"})
    services.add_entry(record=booked, actor=duty_officer, kind=EntryKind.NOTE, occurred_at=timezone.now(),
                       details={"text": "нове"})
    client.post(reverse("oversight:integrity"), {"verify": "quick"})
    quick = Verification.objects.get(chain=Chain.TIMELINE, incremental=True)
    assert (quick.intact, quick.verified) == (True, 1)


def test_the_quick_check_does_not_vouch_for_old_entries_but_the_full_one_catches_them(client, booked, prosecutor):
    client.force_login(prosecutor)
    client.post(reverse("oversight:integrity"), {"verify": "full"})
    entry = booked.entries.get()
    drop_triggers("detainees_timelineentry")
    execute("UPDATE detainees_timelineentry SET correction_reason = 'x' WHERE id = %s", [entry.pk])
    quick = client.post(reverse("oversight:integrity"), {"verify": "quick"}).content.decode()
    assert "since the last full check" in quick
    full = client.post(reverse("oversight:integrity"), {"verify": "full"}).content.decode()
    assert f"entry #{entry.pk}" in full


def test_the_oversight_home_shows_the_last_check_of_each_chain(client, booked, prosecutor):
    entry = booked.entries.get()
    drop_triggers("detainees_timelineentry")
    execute("UPDATE detainees_timelineentry SET correction_reason = 'x' WHERE id = %s", [entry.pk])
    client.force_login(prosecutor)
    client.post(reverse("oversight:integrity"), {"verify": "full"})
    page = client.get(reverse("oversight:home")).content.decode()
    assert "Timeline entries · Last verified" in page and "broken" in page
