"""Samples for the access matrix: the API adds no URL argument of its own (its
operations reuse unit_id, member_id, admission_id and activity_id); a refused request
must leave the tokens as they were."""

from __future__ import annotations


def samples(world, unit, member) -> dict:
    return {}


def fingerprint() -> tuple:
    from chudong.api.models import ApiToken

    return (tuple(ApiToken.objects.order_by("pk").values_list("user_id", "revoked_at")),)
