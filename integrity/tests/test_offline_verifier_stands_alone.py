"""The offline verifier is one file a prosecutor or court can run: Python 3.8+, standard library only."""

import ast
import sys

from integrity.tests.offline import (
    VERIFIER,
)


def test_the_verifier_imports_only_the_standard_library():
    tree_ = ast.parse(VERIFIER.read_text())
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree_) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {node.module.split(".")[0] for node in ast.walk(tree_) if isinstance(node, ast.ImportFrom)}
    assert imported and imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names


def test_the_verifier_is_written_for_python_3_8_and_newer():
    ast.parse(VERIFIER.read_text(), feature_version=(3, 8))
