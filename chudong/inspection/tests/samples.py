"""Samples for the access matrix (tests/test_access_matrix.py): under `unit`, a plan, a
self-inspection with one recommendation (with a real evidence file), a collective review
and an exemplary model (with a real evidence file) — all kept within `unit`, so that each
is in exactly the scopes that hold the unit."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

PDF = b"%PDF-1.4\n%mau\n"


def samples(world, unit, member) -> dict:
    from chudong.inspection.models import (
        Exemplary,
        Inspection,
        InspectionPlan,
        Recommendation,
        Review,
    )

    day = dt.date(2026, 3, 1)
    where = {"unit": unit, "unit_path": unit.path}
    plan = InspectionPlan.objects.filter(unit=unit).order_by("pk").first()
    if plan is None:
        plan = InspectionPlan.objects.create(
            **where, year=2026, title="Kế hoạch kiểm tra mẫu", content_areas="Sinh hoạt chi đoàn"
        )
        plan.subjects.add(unit)
    inspection = Inspection.objects.filter(subject=unit).order_by("pk").first()
    if inspection is None:
        inspection = Inspection.objects.create(
            **where,
            subject=unit,
            subject_path=unit.path,
            plan=plan,
            content="Kiểm tra mẫu",
            inspected_on=day,
            team="Ủy ban Kiểm tra",
            findings="Phát hiện",
            conclusion="Kết luận",
        )
    remedy = Recommendation.objects.filter(inspection=inspection).order_by("pk").first()
    if remedy is None:
        remedy = Recommendation(
            inspection=inspection,
            subject_path=unit.path,
            text="Kiến nghị mẫu",
            deadline=dt.date(2026, 6, 30),
            evidence_name="minh-chung.pdf",
        )
        remedy.evidence.save("mau.pdf", ContentFile(PDF), save=False)
        remedy.save()
    review = Review.objects.filter(unit=unit).order_by("pk").first()
    if review is None:
        review = Review.objects.create(
            **where,
            year=2025,
            strengths="Ưu điểm",
            shortcomings="Hạn chế",
            remedies="Khắc phục",
            self_rating="good",
            reviewed_on=dt.date(2025, 12, 20),
        )
    exemplary = Exemplary.objects.filter(unit=unit).order_by("pk").first()
    if exemplary is None:
        exemplary = Exemplary(
            **where,
            kind="model",
            title="Mô hình mẫu",
            area="volunteer",
            description="Mô tả",
            started_on=day,
            evidence_name="minh-chung.pdf",
        )
        exemplary.evidence.save("mau.pdf", ContentFile(PDF), save=False)
        exemplary.save()
    return {
        "inspection_plan_id": plan.pk,
        "inspection_id": inspection.pk,
        "remedy_id": remedy.pk,
        "year_review_id": review.pk,
        "exemplary_id": exemplary.pk,
    }


def fingerprint() -> tuple:
    from chudong.inspection.models import (
        Exemplary,
        Inspection,
        InspectionPlan,
        Recommendation,
        Replication,
        Review,
    )

    return (
        tuple(InspectionPlan.objects.order_by("pk").values_list("title", "year")),
        tuple(Inspection.objects.order_by("pk").values_list("content", "findings", "conclusion")),
        tuple(
            Recommendation.objects.order_by("pk").values_list(
                "text", "status", "done_on", "evidence"
            )
        ),
        tuple(Review.objects.order_by("pk").values_list("strengths", "self_rating")),
        tuple(Exemplary.objects.order_by("pk").values_list("title", "shared_path", "evidence")),
        Replication.objects.count(),
    )
