"""Samples for the access matrix (tests/test_access_matrix.py): one 1+1 referral under
`unit`, by the sample member, of a young person of the unit's register."""

from __future__ import annotations

import datetime as dt


def samples(world, unit, member) -> dict:
    from chudong.building.models import Referral
    from chudong.youth.models import Youth

    referral = Referral.objects.filter(unit=unit).first()
    if referral is None:
        # The same young person the youth app's samples use (the first one of the unit).
        youth = Youth.objects.filter(unit=unit).first() or Youth.objects.create(
            unit=unit, unit_path=unit.path, full_name=f"Thanh Niên Mẫu {unit.code}",
            full_name_folded="thanh nien mau", sort_key="mau", sex="male", birth_year=2005,
        )  # fmt: skip
        day = dt.date(2026, 3, 1)
        referral = Referral.objects.create(
            member=member, youth=youth, unit=unit, unit_path=unit.path, into="doan",
            referred_on=day, year=day.year,
        )  # fmt: skip
    return {"referral_id": referral.pk}


def fingerprint() -> tuple:
    from chudong.building.models import Referral
    from chudong.orgs.models import Unit

    return (
        tuple(
            Referral.objects.order_by("pk").values_list(
                "member_id", "youth_id", "into", "outcome", "outcome_on", "note"
            )
        ),
        Unit.objects.count(),
    )
