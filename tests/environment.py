"""Loaded by pytest (`-p tests.environment` in pytest.ini) before Django reads its settings.

Tests run with production defaults (DEBUG off); only a throwaway secret key is supplied.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("PSEUDONYM_KEY", "test-only-pseudonym-key-not-for-production-use")
