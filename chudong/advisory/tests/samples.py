"""Samples for the access matrix (tests/test_access_matrix.py): one resource, one
agreement (with a real attached file) and one proposal under `unit`."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

PDF = b"%PDF-1.4\n%sample\n"


def samples(world, unit, member) -> dict:
    from chudong.advisory.models import Agreement, Proposal, Resource

    day = dt.date(2026, 3, 1)
    resource = Resource.objects.filter(unit=unit).first() or Resource.objects.create(
        unit=unit, unit_path=unit.path, sponsor_name="Ngân hàng mẫu", sponsor_kind="business",
        form="cash", value=1_000_000, received_on=day, purpose="Quà tặng thiếu nhi",
    )  # fmt: skip
    agreement = Agreement.objects.filter(unit=unit).first()
    if agreement is None:
        agreement = Agreement(
            unit=unit, unit_path=unit.path, partner_name="Công an xã", partner_kind="police",
            title="Quy chế phối hợp mẫu", signed_on=day, valid_from=day, content="Nội dung",
            responsible="Bí thư", attachment_name="quy-che.pdf",
        )  # fmt: skip
        agreement.attachment.save("mau.pdf", ContentFile(PDF), save=False)
        agreement.save()
    proposal = Proposal.objects.filter(unit=unit).first()
    if proposal is None:
        proposal = Proposal(
            unit=unit, unit_path=unit.path, subject="Đề xuất mẫu", kind="mechanism",
            content="Nội dung", submitted_to="party", submitted_on=day,
            attachment_name="de-xuat.pdf",
        )  # fmt: skip
        proposal.attachment.save("mau.pdf", ContentFile(PDF), save=False)
        proposal.save()
    return {
        "resource_id": resource.pk,
        "agreement_id": agreement.pk,
        "proposal_id": proposal.pk,
    }


def fingerprint() -> tuple:
    from chudong.advisory.models import Agreement, JointAction, Proposal, Resource

    return (
        tuple(Resource.objects.order_by("pk").values_list("sponsor_name", "value", "activity_id")),
        tuple(Agreement.objects.order_by("pk").values_list("title", "valid_to", "attachment")),
        JointAction.objects.count(),
        tuple(
            Proposal.objects.order_by("pk").values_list(
                "subject", "response_kind", "follow_up", "attachment"
            )
        ),
    )
