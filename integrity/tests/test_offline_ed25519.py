"""The offline verifier's own Ed25519: the RFC 8032 vectors, `cryptography`'s signatures, malformed points."""

import random

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from integrity import verifier
from integrity.tests.offline import KEY, OTHER_KEY, _flip_bit, raw

RFC_8032_VECTORS = [  # §7.1 TEST 1, 2, 3: (secret key, public key, message, signature)
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]


@pytest.mark.parametrize("secret, public, message, signature", RFC_8032_VECTORS, ids=["TEST 1", "TEST 2", "TEST 3"])
def test_the_rfc_8032_test_vectors_verify_and_fail_with_one_bit_changed(secret, public, message, signature):
    public, message, signature = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    # The vectors as transcribed here are the RFC's: a real implementation derives the same.
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    assert raw(private) == public and private.sign(message) == signature
    assert verifier.ed25519_verify(public, message, signature)
    for bit in (0, 100, 255, 256, 511):
        assert not verifier.ed25519_verify(public, message, _flip_bit(signature, bit))
    for bit in (0, 77, 254):
        assert not verifier.ed25519_verify(_flip_bit(public, bit), message, signature)
    assert not verifier.ed25519_verify(public, _flip_bit(message, 3) if message else b"\x00", signature)


def test_the_verifier_agrees_with_cryptography_on_random_keys_and_messages():
    rng = random.Random(9162)
    for _ in range(40):
        key = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
        message = rng.randbytes(rng.randrange(0, 300))
        signature = key.sign(message)
        assert verifier.ed25519_verify(raw(key), message, signature)
        assert not verifier.ed25519_verify(raw(key), message + b"!", signature)
        assert not verifier.ed25519_verify(raw(OTHER_KEY), message, signature)


def test_a_signature_whose_s_is_not_below_the_group_order_is_rejected():
    order = 2**252 + 27742317777372353535851937790883648493
    signature = KEY.sign(b"head")
    s = int.from_bytes(signature[32:], "little")
    malleated = signature[:32] + (s + order).to_bytes(32, "little")
    # The same point equation holds for S + L, so only the range check refuses it.
    assert verifier.ed25519_verify(raw(KEY), b"head", signature)
    assert not verifier.ed25519_verify(raw(KEY), b"head", malleated)


def test_non_canonical_point_encodings_are_rejected():
    p = 2**255 - 19
    message = b"anything"
    signature = KEY.sign(message)
    identity_y_plus_p = (1 + p).to_bytes(32, "little")  # y = 1 written unreduced
    minus_zero = (1 | 1 << 255).to_bytes(32, "little")  # x = 0 with its sign bit set
    y_is_p = p.to_bytes(32, "little")
    for encoding in (identity_y_plus_p, minus_zero, y_is_p):
        assert verifier._decode_point(encoding) is None
        assert not verifier.ed25519_verify(encoding, message, signature)
        assert not verifier.ed25519_verify(raw(KEY), message, encoding + signature[32:])


def test_a_point_not_on_the_curve_is_rejected():
    off_curve = next(y for y in range(2, 100) if verifier._decode_point(y.to_bytes(32, "little")) is None)
    encoding = off_curve.to_bytes(32, "little")
    assert not verifier.ed25519_verify(encoding, b"m", KEY.sign(b"m"))
    with pytest.raises(verifier.KeyFileError, match="not a point on the curve"):
        verifier.load_public_key(encoding.hex())


def test_wrong_lengths_and_types_do_not_verify():
    signature = KEY.sign(b"m")
    assert not verifier.ed25519_verify(raw(KEY)[:31], b"m", signature)
    assert not verifier.ed25519_verify(raw(KEY), b"m", signature[:63])
    assert not verifier.ed25519_verify(raw(KEY), "m", signature)
