"""Samples for the access matrix (tests/test_access_matrix.py): a document sent by `unit`
to its own subtree, with one attachment and the sample member's acknowledgement."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile


def samples(world, unit, member) -> dict:
    from chudong.dissemination.models import (
        Acknowledgement,
        Dispatch,
        DispatchAudience,
        DispatchFile,
    )

    dispatch = Dispatch.objects.filter(unit=unit).first()
    if dispatch is None:
        dispatch = Dispatch.objects.create(
            unit=unit, unit_path=unit.path, title=f"Nghị quyết mẫu {unit.code}",
            kind="resolution", issued_on=dt.date(2026, 3, 1), issuer="Ban Thường vụ",
            acknowledge_by=dt.date(2026, 4, 1), intended_count=1,
        )  # fmt: skip
        DispatchAudience.objects.create(dispatch=dispatch, unit=unit, unit_path=unit.path)
        Acknowledgement.objects.create(
            dispatch=dispatch, member=member, unit=member.unit, unit_path=member.unit_path,
            source="meeting",
        )  # fmt: skip
    attachment = DispatchFile.objects.filter(dispatch=dispatch).first()
    if attachment is None:
        attachment = DispatchFile(
            dispatch=dispatch, original_name="nghi-quyet.pdf", content_type="application/pdf",
            size=9,
        )  # fmt: skip
        attachment.file.save("mau.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        attachment.save()
    return {"dispatch_id": dispatch.pk, "dispatch_file_id": attachment.pk}


def fingerprint() -> tuple:
    from chudong.dissemination.models import (
        Acknowledgement,
        Dispatch,
        DispatchAudience,
        DispatchFile,
        Reminder,
    )

    return (
        tuple(Dispatch.objects.order_by("pk").values_list("title", "acknowledged_count")),
        DispatchAudience.objects.count(),
        DispatchFile.objects.count(),
        Acknowledgement.objects.count(),
        Reminder.objects.count(),
    )
