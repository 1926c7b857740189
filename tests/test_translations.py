"""The interface is Vietnamese first and complete in English: every catalog compiles, the
Vietnamese ones leave nothing untranslated or fuzzy, and the compiled files are current."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "chudong"
CATALOGS = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def _entries(po: Path):
    """(msgid, [msgstr...], fuzzy) for every entry but the header and obsolete ones."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" not in fields or not fields["msgid"]:
            continue
        values = [v for k, v in fields.items() if k.startswith("msgstr")]
        yield fields["msgid"], values, fuzzy


def test_it_has_a_vietnamese_and_an_english_catalog_per_locale_directory():
    dirs = {po.parents[2] for po in CATALOGS}
    assert dirs, "no catalogs found"
    for locale_dir in dirs:
        for language in ("vi", "en"):
            assert (locale_dir / language / "LC_MESSAGES" / "django.po").exists(), locale_dir


@pytest.mark.parametrize("po", [p for p in CATALOGS if p.parts[-3] == "vi"], ids=str)
def test_it_translates_every_string_into_vietnamese(po):
    missing = [msgid for msgid, values, fuzzy in _entries(po) if fuzzy or not all(values)]
    assert not missing, f"{po}: untranslated or fuzzy: {missing[:10]}"


@pytest.mark.parametrize("po", CATALOGS, ids=str)
def test_it_ships_compiled_catalogs_no_older_than_their_sources(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run make messages"
    # Compare content, not timestamps (a fresh clone sets every mtime to checkout time).
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for msgid, values, fuzzy in _entries(po):
        if values and values[0] and not fuzzy and len(values) == 1:
            expected = values[0].replace('\\"', '"').replace("\\n", "\n")
            actual = catalog.gettext(msgid.replace('\\"', '"').replace("\\n", "\n"))
            assert actual == expected, f"{mo} is stale for {msgid!r}"
