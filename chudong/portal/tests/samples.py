"""Samples for the access matrix (tests/test_access_matrix.py): a member's pending
correction request in `unit`, with a supporting file."""

from __future__ import annotations

from django.core.files.base import ContentFile


def samples(world, unit, member) -> dict:
    from chudong.portal.models import CorrectionRequest

    row = CorrectionRequest.objects.filter(unit=unit).first()
    if row is None:
        row = CorrectionRequest(
            member=member, unit=unit, unit_path=unit.path, field="hometown", old_value="",
            new_value="Xã Đông Hưng, tỉnh Thái Bình", reason="Theo giấy khai sinh",
            file_name="giay-khai-sinh.pdf", file_type="application/pdf",
        )  # fmt: skip
        row.file.save("mau.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        row.save()
    return {"correction_id": row.pk}


def fingerprint() -> tuple:
    from chudong.members.models import Member
    from chudong.portal.models import CorrectionRequest, Invitation

    return (
        tuple(
            CorrectionRequest.objects.order_by("pk").values_list(
                "status", "decided_by_id", "decision_note"
            )
        ),
        tuple(Invitation.objects.order_by("pk").values_list("used_at", "revoked_at")),
        Invitation.objects.count(),
        tuple(Member.objects.filter(user__isnull=False).values_list("pk", "user_id")),
        tuple(Member.objects.order_by("pk").values_list("hometown", "version")),
    )
