"""The offline verifier's RFC 9162 inclusion and consistency proofs, against trees built by the book."""

from integrity import verifier
from integrity.tests.offline import _sha256, mth, path, subproof, tree


def test_rfc_9162_leaf_and_node_hashes_are_domain_separated_sha256():
    assert verifier.leaf_hash(b"x") == _sha256(b"\x00x")
    assert verifier.node_hash(b"l" * 32, b"r" * 32) == _sha256(b"\x01" + b"l" * 32 + b"r" * 32)


def test_every_leaf_of_every_tree_of_1_to_33_leaves_verifies():
    for n in range(1, 34):
        leaves = tree(n)
        root = mth(leaves)
        for m in range(n):
            assert verifier.verify_inclusion(m, n, _sha256(b"\x00" + leaves[m]), path(m, leaves), root), (m, n)


def test_an_inclusion_proof_fails_for_another_leaf_index_leaf_or_root_or_a_damaged_proof():
    for n in range(1, 18):
        leaves = tree(n)
        root = mth(leaves)
        for m in range(n):
            leaf, proof = _sha256(b"\x00" + leaves[m]), path(m, leaves)
            for other in set(range(n)) - {m}:
                assert not verifier.verify_inclusion(other, n, leaf, proof, root)
            assert not verifier.verify_inclusion(m, n, _sha256(b"\x00other"), proof, root)
            assert not verifier.verify_inclusion(m, n, leaf, proof, _sha256(b"other root"))
            assert not verifier.verify_inclusion(m, n, leaf, [*proof, root], root)
            if proof:
                assert not verifier.verify_inclusion(m, n, leaf, proof[:-1], root)
                for i in range(len(proof)):
                    damaged = [*proof[:i], _sha256(proof[i]), *proof[i + 1 :]]
                    assert not verifier.verify_inclusion(m, n, leaf, damaged, root)


def test_an_inclusion_proof_fails_for_an_index_outside_the_tree():
    leaves = tree(5)
    leaf = _sha256(b"\x00" + leaves[4])
    assert not verifier.verify_inclusion(5, 5, leaf, path(4, leaves), mth(leaves))
    assert not verifier.verify_inclusion(-1, 5, leaf, path(4, leaves), mth(leaves))
    assert not verifier.verify_inclusion(0, 0, leaf, [], mth([]))


def test_consistency_proofs_between_all_sizes_up_to_20_verify():
    for n in range(1, 21):
        leaves = tree(n)
        for m in range(1, n + 1):
            proof = subproof(m, leaves, True)
            assert verifier.verify_consistency(m, n, mth(leaves[:m]), mth(leaves), proof), (m, n)


def test_a_consistency_proof_fails_with_any_hash_changed_or_for_another_tree():
    for n in range(2, 21):
        leaves = tree(n)
        for m in range(1, n):
            first, second, proof = mth(leaves[:m]), mth(leaves), subproof(m, leaves, True)
            for i in range(len(proof)):
                damaged = [*proof[:i], _sha256(proof[i]), *proof[i + 1 :]]
                assert not verifier.verify_consistency(m, n, first, second, damaged)
            assert not verifier.verify_consistency(m, n, mth(tree(m, "forked")), second, proof)
            assert not verifier.verify_consistency(m, n, first, mth(tree(n, "forked")), proof)
            assert not verifier.verify_consistency(m, n, first, second, proof[:-1])
            assert not verifier.verify_consistency(m, n, first, second, [*proof, second])
            assert not verifier.verify_consistency(m, n, first, second, [])


def test_consistency_needs_a_first_size_from_1_to_the_second_size():
    leaves = tree(4)
    root = mth(leaves)
    assert verifier.verify_consistency(4, 4, root, root, [])
    assert not verifier.verify_consistency(4, 4, root, root, [root])
    assert not verifier.verify_consistency(4, 4, root, mth(tree(4, "forked")), [])
    assert not verifier.verify_consistency(0, 4, mth([]), root, [])
    assert not verifier.verify_consistency(5, 4, root, root, subproof(4, leaves, True))
