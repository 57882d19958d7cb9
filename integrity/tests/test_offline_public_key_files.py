"""The public key files the offline verifier accepts: PEM, hex or base64 Ed25519 keys, nothing else."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from integrity import verifier
from integrity.tests.offline import KEY, raw


def test_pem_hex_and_base64_key_files_all_load_the_same_raw_key():
    public = KEY.public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for content in (
        pem,
        pem.decode(),
        raw(KEY).hex() + "\n",
        raw(KEY).hex().upper(),
        base64.b64encode(raw(KEY)).decode() + "\n",
    ):
        assert verifier.load_public_key(content) == raw(KEY)


def test_a_key_id_is_the_first_16_hex_digits_of_the_keys_sha256():
    assert verifier.key_id(raw(KEY)) == hashlib.sha256(raw(KEY)).hexdigest()[:16]


@pytest.mark.parametrize(
    "content, message",
    [
        (
            KEY.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
            "PRIVATE key",
        ),
        (
            X25519PrivateKey.from_private_bytes(bytes(32))
            .public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo),
            "not an Ed25519 key",
        ),
        ("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n", "not a single"),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "not a single"),
        (base64.b64encode(bytes(31)).decode(), "holds 31 bytes"),
        ("not a key at all", "neither a PEM public key"),
        ("ключ", "neither a PEM public key"),
        (b"\xff\xfe binary", "not text"),
        ("", "holds 0 bytes"),
    ],
    ids=[
        "private key",
        "X25519 key",
        "damaged PEM",
        "certificate",
        "short base64",
        "words",
        "Cyrillic",
        "binary",
        "empty",
    ],
)
def test_anything_but_an_ed25519_public_key_is_refused_with_a_clear_error(content, message):
    with pytest.raises(verifier.KeyFileError, match=message):
        verifier.load_public_key(content)
