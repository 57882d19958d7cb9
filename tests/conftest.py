"""Fixtures shared by the project-wide tests: the access matrix's worlds serve the CSRF and GET sweeps too."""

from tests.test_access_matrix import worlds  # noqa: F401  (a fixture, shared by import)
