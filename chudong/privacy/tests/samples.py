"""Samples for the access matrix (tests/test_access_matrix.py): an open consent (paper)
and an open data subject request about the sample member of `unit`."""

from __future__ import annotations

import datetime as dt


def samples(world, unit, member) -> dict:
    from chudong.privacy.models import Consent, ConsentPurpose, SubjectRequest

    purpose = ConsentPurpose.objects.order_by("order").first()
    if purpose is None:  # a flushed database: put the reference data back
        import importlib

        from django.apps import apps

        importlib.import_module("chudong.privacy.migrations.0002_seed").seed(apps, None)
        purpose = ConsentPurpose.objects.order_by("order").first()
    day = dt.date(2026, 3, 2)
    consent = Consent.objects.filter(member=member).order_by("pk").first()
    if consent is None:
        consent = Consent.objects.create(
            member=member, purpose=purpose, unit=unit, unit_path=unit.path, given_on=day,
            channel="paper", evidence="Phiếu đồng ý mẫu", recorded_by=world.central_admin,
        )  # fmt: skip
    request = SubjectRequest.objects.filter(member=member).order_by("pk").first()
    if request is None:
        request = SubjectRequest.objects.create(
            member=member, unit=unit, unit_path=unit.path, kind="access", channel="paper",
            received_on=day, due_on=dt.date(2026, 3, 4), created_by=world.central_admin,
        )  # fmt: skip
    return {"consent_id": consent.pk, "data_request_id": request.pk}


def fingerprint() -> tuple:
    from chudong.privacy.models import AnonymisedMember, Consent, Holiday, SubjectRequest

    return (
        tuple(Consent.objects.order_by("pk").values_list("withdrawn_on", "withdrawal_evidence")),
        Consent.objects.count(),
        tuple(SubjectRequest.objects.order_by("pk").values_list("status", "response")),
        SubjectRequest.objects.count(),
        AnonymisedMember.objects.count(),
        Holiday.objects.count(),
    )
