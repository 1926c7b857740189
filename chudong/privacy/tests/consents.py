"""For the tests of other apps that show a member's sensitive data: the member's consent
to the purposes concerned, recorded through the real service (officers see a consent-based
field only with it: privacy.selectors.visible_sensitive)."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

ALL_PURPOSES = ("ethnicity-religion", "health", "family", "hardship", "opinions")


def reference_data() -> None:
    """The seeded purposes, holidays and field rules, put back if a transactional test
    flushed them (without them every member's consent-based data would be hidden for the
    wrong reason)."""
    from django.apps import apps

    from chudong.privacy.models import ConsentPurpose, Holiday, SensitiveFieldRule
    from conftest import PRIVACY_SEEDS

    present = (
        ConsentPurpose.objects.exists()
        and Holiday.objects.filter(date__year=2027).exists()
        and SensitiveFieldRule.objects.filter(field="opinions").exists()
    )
    if not present:
        for module in PRIVACY_SEEDS:
            importlib.import_module(module).seed(apps, None)


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
