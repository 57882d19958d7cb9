"""Role personas and the places they work, shared by every test module.

`facility` and `other_facility` share `region`; `far_facility` is in another region. Each
persona works in (or oversees) `facility` / `region` only.
"""

import pytest

from custody.accounts.roles import Role
from custody.accounts.tests.factories import UserFactory
from custody.facilities.tests.factories import CellFactory, FacilityFactory, RegionFactory


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (database roles) are deselected, not skipped, on SQLite.

    CI runs the whole suite on both databases and fails on any skip; these run in its
    PostgreSQL pass.
    """
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


# A fixed Ed25519 seed for the tests: heads are signed the same whatever the caller's environment.
TEST_SIGNING_KEY = "dGVzdC1vbmx5IHNpZ25pbmcga2V5IC0gMzIgYnl0ZXM="


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.INTEGRITY_SIGNING_KEY = TEST_SIGNING_KEY
    # Tests render templates without running collectstatic first, and hash passwords cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _everything_written_is_sealed(request):
    """After every test, no timeline entry or audit row may be outside the logs.

    Every service call, admin save, command and factory seals what it writes; a test that
    plants rows outside the application on purpose is marked `tampers` (or `unsealed`: set up
    directly, e.g. norm versions for the rules' tests).
    """
    checks = "db" in request.fixturenames and not any(
        request.node.get_closest_marker(name) for name in ("tampers", "unsealed")
    )
    if checks:
        request.getfixturevalue("db")  # so the database is still open when this checks, after the test
    yield
    if not checks:
        return
    from auditlog.models import LogEntry

    from integrity.verify import unsealed_rows

    left = unsealed_rows(limit=5)
    audit = LogEntry.objects.filter(pk__in=[pk for source, pk in left if source == "audit"])
    assert not left, (
        f"written but never sealed: {left} {[(a.content_type.model, a.action, a.object_repr) for a in audit]}"
    )


@pytest.fixture(autouse=True)
def _english_by_default():
    # Messages raised outside a request are asserted in English; a request in Ukrainian
    # must not leave its language active for the next test.
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A browser that prefers English, so assertions can name the English text.

    Its `force_login` passes both factors; the sign-in tests go through the real pages.
    """
    from custody.accounts.tests.client import Client

    return Client()


@pytest.fixture
def region(db):
    return RegionFactory(name="Луганська область")


@pytest.fixture
def facility(region):
    return FacilityFactory(region=region, name="ІТТ № 1, Сєвєродонецьк", code="ITT1")


@pytest.fixture
def other_facility(region):
    return FacilityFactory(region=region, name="ІТТ № 2, Лисичанськ", code="ITT2")


@pytest.fixture
def far_facility(db):
    return FacilityFactory(region=RegionFactory(name="Харківська область"), name="ІТТ Харків", code="KH1")


@pytest.fixture
def cell(facility):
    return CellFactory(facility=facility, number="1", capacity=2, floor_area_m2=9)


@pytest.fixture
def duty_officer(facility):
    return UserFactory(username="duty", role=Role.DUTY_OFFICER, facilities=[facility])


@pytest.fixture
def inspector(facility):
    return UserFactory(username="inspector", role=Role.INSPECTOR, facilities=[facility])


@pytest.fixture
def medic(facility):
    return UserFactory(username="medic", role=Role.MEDIC, facilities=[facility])


@pytest.fixture
def facility_head(facility):
    return UserFactory(username="head", role=Role.FACILITY_HEAD, facilities=[facility])


@pytest.fixture
def prosecutor(region):
    return UserFactory(username="prosecutor", role=Role.PROSECUTOR, regions=[region])


@pytest.fixture
def monitor(region):
    return UserFactory(username="monitor", role=Role.MONITOR, regions=[region])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def other_officer(other_facility):
    """A duty officer of another facility in the same region."""
    return UserFactory(username="duty2", role=Role.DUTY_OFFICER, facilities=[other_facility])
