"""An administrator created from the command line is a sealed write like any other."""

from django.core.management import call_command

from custody.accounts.models import User
from integrity.verify import unsealed_rows


def test_createsuperuser_seals_the_new_account_into_the_national_log(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-2026")
    call_command("createsuperuser", "--noinput", username="root", email="root@example.org", verbosity=0)
    assert User.objects.filter(username="root", is_superuser=True).exists()
    assert unsealed_rows() == []
