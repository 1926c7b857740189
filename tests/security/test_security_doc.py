"""docs/security.md claims only tests that exist: every `file::test` it names is a test
function in that file (a renamed or removed test makes this fail)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"
PREFIXES = {"sec/": "tests/security/", "matrix": "tests/test_access_matrix.py"}


def _claims() -> list[tuple[str, str | None]]:
    text = re.sub(r"```.*?```", "", DOC.read_text(encoding="utf-8"), flags=re.S)
    claims = []
    for ref in re.findall(r"`([^`]+)`", text):
        for short, full in PREFIXES.items():
            if ref.startswith(short):
                ref = full + ref[len(short) :]
        path, _, test = ref.partition("::")
        if not path.endswith(".py") or not (path.startswith(("tests/", "chudong/"))):
            continue
        if "/tests/" not in f"/{path}" and not path.startswith("tests/"):
            continue
        claims.append((path, re.sub(r"\[.*\]$", "", test) or None))
    return claims


def test_every_test_the_security_page_names_exists():
    claims = _claims()
    assert len(claims) > 60
    missing = []
    for path, test in claims:
        file = ROOT / path
        if not file.exists():
            missing.append(path)
        elif test and not re.search(rf"^def {re.escape(test)}\(", file.read_text(), re.M):
            missing.append(f"{path}::{test}")
    assert not missing, missing
