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


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tests render templates without running collectstatic first, and hash passwords cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
