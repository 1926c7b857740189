"""Which branch a row goes to: the target itself when it is a branch; when it is a
grassroots union, the branch its "Chi đoàn" column (or a heading row above the rows)
names, matched on the folded name with or without "Chi đoàn", or on the unit code."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from chudong.core.paths import subtree_q
from chudong.core.text import fold
from chudong.orgs.models import Unit, UnitStatus

from .values import CellProblem, shown

_PREFIX = re.compile(r"^(chi doan co so|chi doan|cd|c d)\s+")


def _keys(text: str) -> set[str]:
    folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
    keys = {folded}
    stripped = _PREFIX.sub("", folded)
    if stripped:
        keys.add(stripped)
    return keys


class BranchResolver:
    """Built once per check: one query for the active branches under the target."""

    def __init__(self, target: Unit) -> None:
        self.target = target
        self.fixed: Unit | None = target if target.kind.is_branch else None
        self._index: dict[str, list[Unit]] = {}
        if self.fixed is not None:
            return
        branches = (
            Unit.objects.filter(subtree_q("path", target.path), status=UnitStatus.ACTIVE)
            .filter(kind__is_branch=True)
            .select_related("kind")
            .order_by("path")
        )
        for branch in branches:
            for key in {*_keys(branch.name), fold(branch.code)}:
                self._index.setdefault(key, []).append(branch)

    def _lookup(self, text: str) -> list[Unit]:
        found: dict[int, Unit] = {}
        for key in _keys(text) | {fold(text.strip())}:
            for unit in self._index.get(key, []):
                found[unit.pk] = unit
        return list(found.values())

    def find(self, text: str) -> Unit | None:
        """The one branch a heading names, or None (no error: headings may be anything)."""
        if self.fixed is not None:
            return None
        matches = self._lookup(text)
        return matches[0] if len(matches) == 1 else None

    def resolve(self, value: Any) -> Unit:
        if self.fixed is not None:
            return self.fixed
        text = shown(value, limit=200)
        matches = self._lookup(text)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise CellProblem(
                _("no branch named '%(value)s' in %(unit)s")
                % {"value": shown(value), "unit": self.target.name}
            )
        raise CellProblem(
            _("several branches of %(unit)s are named '%(value)s': write the branch code")
            % {"value": shown(value), "unit": self.target.name}
        )
