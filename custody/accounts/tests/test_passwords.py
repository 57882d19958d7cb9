"""Passwords: at least 12 characters, long ones welcome, common ones refused, no composition rules, Argon2."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from custody.accounts.tests.factories import UserFactory


def refused(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


def test_eleven_characters_are_refused_and_twelve_accepted(db):
    assert refused("kvitka-sad1")  # 11
    assert refused("kvitka-sad12") == []


def test_a_passphrase_of_64_and_more_characters_is_accepted(db):
    assert refused("синє небо над сіверським донцем і тиха ніч у лисичанську " * 2) == []
    assert refused("x7" * 100) == []


def test_common_passwords_are_refused(db):
    assert refused("password1234")
    assert refused("qwertyuiop123")


def test_no_composition_rule_is_imposed(db):
    for password in ("alllowercaseletters", "ЛИШЕВЕЛИКІЛІТЕРИ", "918273645091827364"):
        assert refused(password) == [], password


def test_a_password_like_the_username_is_refused(db):
    user = UserFactory(username="petrenko.oleh", first_name="Oleh", last_name="Petrenko")
    assert refused("petrenko.oleh1", user)


def test_argon2_hashes_every_new_password(db, settings):
    import custody.settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the conftest uses a fast hasher
    user = UserFactory()
    user.set_password("довгий пароль для тесту")
    assert user.password.startswith("argon2$argon2id$")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
