"""The interface is Vietnamese first and complete in English: every catalog compiles, the
Vietnamese ones leave nothing untranslated or fuzzy, and the compiled files are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "chudong"
CATALOGS = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def _entries(po: Path):
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^"(.*)"$', block, re.M)[0])
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        values = ["".join(re.findall(r'"(.*)"', s)) for s in strings]
        yield msgid, values, "#, fuzzy" in block or ", fuzzy" in block


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
    from django.utils.translation import trans_real  # noqa: F401 - Django's gettext loader

    import gettext

    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for msgid, values, fuzzy in _entries(po):
        if msgid and values and values[0] and not fuzzy and "msgid_plural" not in msgid:
            assert catalog.gettext(msgid) in values, f"{mo} is stale for {msgid!r}"
