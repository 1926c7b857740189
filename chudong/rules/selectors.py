"""The rules page: every known rule, the version in force today and its history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.formats import number_format

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import ancestors_of

from .catalog import KEYS, RuleKey
from .models import Rule


def display(kind: str, value: Any) -> str:
    if kind == "fraction":
        return f"{value[0]}/{value[1]}"
    if kind == "money":
        return f"{number_format(value, force_grouping=True)} đ"
    if kind == "choices":
        return ", ".join(str(v) for v in value)
    if kind == "schedule":
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


@dataclass
class RuleRow:
    spec: RuleKey
    current: Rule | None
    versions: list[Rule] = field(default_factory=list)

    @property
    def current_display(self) -> str:
        return display(self.spec.kind, self.current.value) if self.current else "—"


def rules_overview(*, actor: Any) -> list[RuleRow]:
    """National versions plus those issued by the actor's units and their ancestors."""
    issuers = set()
    for grant in policy.grants(actor):
        issuers.add(grant.path)
        issuers.update(ancestors_of(grant.path))
    versions = list(
        Rule.objects.filter(Q(unit__isnull=True) | Q(unit__path__in=issuers))
        .select_related("unit", "created_by")
        .order_by("key", "-valid_from")
    )
    today = policy.today()
    rows = []
    for spec in KEYS:
        mine = [v for v in versions if v.key == spec.key]
        for version in mine:
            version.display = display(spec.kind, version.value)
        in_force = [v for v in mine if v.valid_from <= today]
        # The most specific issuer wins; national versions have no unit.
        in_force.sort(key=lambda v: (len(v.unit.path) if v.unit_id else 0, v.valid_from))
        rows.append(RuleRow(spec=spec, current=in_force[-1] if in_force else None, versions=mine))
    return rows


def may_issue(actor: Any) -> bool:
    return policy.can_anywhere(actor, Cap.RULES_MANAGE)
