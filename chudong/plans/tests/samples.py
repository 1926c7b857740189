"""URL arguments and the database fingerprint for tests/test_access_matrix.py: a directive
(with a real file), a plan and a hand-entered target of `unit`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

PDF = b"%PDF-1.4\n%mau\n"


def samples(world, unit, member) -> dict:
    from chudong.plans.models import Directive, Plan, Target

    directive = Directive.objects.filter(unit=unit).order_by("pk").first()
    if directive is None:
        directive = Directive(
            unit=unit, unit_path=unit.path, number="01-NQ/TĐTN", issued_on=dt.date(2026, 1, 5),
            issuer="union", title="Nghị quyết về công tác Đoàn năm 2026",
            attachment_name="nghi-quyet.pdf", attachment_type="application/pdf",
        )  # fmt: skip
        directive.attachment.save("mau.pdf", ContentFile(PDF), save=False)
        directive.save()
    plan = Plan.objects.filter(unit=unit).order_by("pk").first()
    if plan is None:
        plan = Plan.objects.create(
            unit=unit, unit_path=unit.path, year=2026, kind="annual",
            title=f"Kế hoạch công tác năm 2026 {unit.code}",
        )  # fmt: skip
        plan.directives.add(directive)
    target = Target.objects.filter(plan=plan).order_by("pk").first()
    if target is None:
        target = Target.objects.create(
            plan=plan, unit=unit, unit_path=unit.path, label="Tổ chức hội thao",
            unit_label="cuộc", target_value=Decimal(2),
        )  # fmt: skip
        target.lineage = f"/{target.pk}/"
        target.save(update_fields=["lineage"])
    return {"directive_id": directive.pk, "work_plan_id": plan.pk, "plan_target_id": target.pk}


def fingerprint() -> tuple:
    from chudong.plans.models import Directive, Plan, ProgressUpdate, Target

    return (
        tuple(Directive.objects.order_by("pk").values_list("number", "title")),
        tuple(Plan.objects.order_by("pk").values_list("title", "state", "year")),
        tuple(Target.objects.order_by("pk").values_list("label", "target_value", "hand_value")),
        ProgressUpdate.objects.count(),
    )
