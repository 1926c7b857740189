"""For the tests of other apps that show a member's sensitive data: the member's consent
to the purposes concerned, recorded through the real service (officers see a consent-based
field only with it: privacy.selectors.visible_sensitive)."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

ALL_PURPOSES = ("ethnicity-religion", "health", "family", "hardship", "opinions")


def reference_data() -> None:
    """The seeded purposes and field rules, put back if a transactional test flushed them."""
    from django.apps import apps

    from chudong.privacy.models import ConsentPurpose, SensitiveFieldRule

    if not ConsentPurpose.objects.exists():
        importlib.import_module("chudong.privacy.migrations.0002_seed").seed(apps, None)
    if not SensitiveFieldRule.objects.exists():
        importlib.import_module("chudong.privacy.migrations.0006_seed_sensitive_field_rules").seed(
            apps, None
        )
    if not SensitiveFieldRule.objects.filter(field="opinions").exists():
        importlib.import_module("chudong.privacy.migrations.0007_seed_opinions_field_rule").seed(
            apps, None
        )


def consent_to(member: Any, *codes: str, actor: Any, given_on: dt.date | None = None) -> list[Any]:
    """Record the member's paper consent to each purpose `codes` (all when none given),
    `actor` holding members.manage over the member; `given_on` defaults to today."""
    from django.utils import timezone

    from chudong.privacy.models import ConsentPurpose
    from chudong.privacy.services import consent_give

    reference_data()
    return [
        consent_give(
            actor=actor,
            member=member,
            purpose=ConsentPurpose.objects.get(code=code),
            confirmed=True,
            given_on=given_on or timezone.localdate(),
            evidence="Phiếu đồng ý (kiểm thử)",
        )
        for code in codes or ALL_PURPOSES
    ]
