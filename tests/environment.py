"""Loaded by pytest (`-p tests.environment` in pytest.ini) before Django reads its settings.

The suite pins its own environment: no `.env` is read and every variable the settings read is
cleared, so tests run with the production defaults (DEBUG off) whatever the caller exported.
Only DATABASE_URL is kept, the caller's choice of database (CI's PostgreSQL pass).
"""

import os
import re
from pathlib import Path

SETTINGS = Path(__file__).resolve().parent.parent / "custody" / "settings.py"
KEPT = {"DATABASE_URL"}

for name in set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', SETTINGS.read_text())) - KEPT:
    os.environ.pop(name, None)
os.environ["ENV_FILE"] = ""
os.environ["SECRET_KEY"] = "test-only-secret-key-not-for-production-use-0123456789"
os.environ["PSEUDONYM_KEY"] = "test-only-pseudonym-key-not-for-production-use"
