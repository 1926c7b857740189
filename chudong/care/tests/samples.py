"""URL arguments of the care pages for the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile


def samples(world, unit, member) -> dict:
    from chudong.care.models import CareFile, HardshipCase, RightsCase

    day = dt.date(2026, 1, 15)
    hardship = HardshipCase.objects.filter(unit=unit).first()
    if hardship is None:
        hardship = HardshipCase.objects.create(
            unit=unit,
            unit_path=unit.path,
            person_name="Lò Văn Mẫu",
            birth_year=2005,
            is_poor=True,
            opened_on=day,
        )
    rights = RightsCase.objects.filter(unit=unit).first()
    if rights is None:
        rights = RightsCase.objects.create(
            unit=unit,
            unit_path=unit.path,
            area="labour",
            requester_kind="anonymous",
            summary="Nợ lương",
            description="Công ty nợ lương ba tháng.",
            received_on=day,
            channel="phone",
            respond_by=day + dt.timedelta(days=10),
            close_by=day + dt.timedelta(days=45),
        )
    care_file = CareFile.objects.filter(hardship=hardship).first()
    if care_file is None:
        care_file = CareFile(
            hardship=hardship, original_name="bien-ban.pdf", content_type="application/pdf", size=9
        )
        care_file.file.save("sample.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        care_file.save()
    return {"hardship_id": hardship.pk, "rights_case_id": rights.pk, "care_file_id": care_file.pk}


def fingerprint() -> tuple:
    from chudong.care.models import (
        CareFile,
        HardshipCase,
        RightsCase,
        RightsStep,
        Support,
        SupportPlanItem,
    )

    return (
        tuple(HardshipCase.objects.order_by("pk").values_list("pk", "status", "has_plan")),
        tuple(RightsCase.objects.order_by("pk").values_list("pk", "status", "handler_id")),
        SupportPlanItem.objects.count(),
        Support.objects.count(),
        RightsStep.objects.count(),
        CareFile.objects.count(),
    )
