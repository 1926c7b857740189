"""Samples for the access matrix (tests/test_access_matrix.py): a criteria table issued by
`unit`, a 3 chủ động year of `unit` with an evidence file, and a decision of `unit`."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

PDF = b"%PDF-1.4\n%sample\n"


def samples(world, unit, member) -> dict:
    from chudong.recognition.models import (
        Criterion,
        Cycle,
        Decision,
        Evidence,
        Framework,
        Pillar,
    )

    framework = Framework.objects.filter(issuer=unit).first()
    if framework is None:
        framework = Framework.objects.create(
            issuer=unit,
            issuer_path=unit.path,
            name=f"Bảng tiêu chí mẫu {unit.code}",
            start_year=2023,
            end_year=2027,
            rule="all_pillars",
        )
        pillar = Pillar.objects.create(framework=framework, number=1, title="Nội dung mẫu")
        Criterion.objects.create(
            framework=framework, pillar=pillar, code="1.1", title="Tiêu chí mẫu", order=1
        )
    criterion = framework.criteria.first()
    decision = Decision.objects.filter(issuer=unit).first() or Decision.objects.create(
        issuer=unit,
        issuer_path=unit.path,
        year=2025,
        number=f"QĐ-MẪU-{unit.code}",
        signed_on=dt.date(2025, 12, 20),
        place="Hải Đăng",
        signer_name="Người Ký Mẫu",
        signer_title="BÍ THƯ",
        created_by=world.central_admin,
    )
    cycle = Cycle.objects.filter(unit=unit).first()
    if cycle is None:
        cycle = Cycle.objects.create(
            unit=unit,
            unit_path=unit.path,
            year=2025,
            framework=framework,
            upper_unit=unit.parent or unit,
            state="recognised",
            decision=decision,
            approach="Mẫu",
            roadmap="Mẫu",
        )
    evidence = Evidence.objects.filter(cycle=cycle).first()
    if evidence is None:
        evidence = Evidence(
            cycle=cycle, criterion=criterion, name="minh-chung.pdf", uploaded_by=world.central_admin
        )
        evidence.file.save("mau.pdf", ContentFile(PDF), save=False)
        evidence.save()
    return {
        "framework_id": framework.pk,
        "cycle_id": cycle.pk,
        "evidence_id": evidence.pk,
        "decision_id": decision.pk,
    }


def fingerprint() -> tuple:
    from chudong.recognition.models import (
        Criterion,
        CriterionScore,
        Cycle,
        Decision,
        Evidence,
        Framework,
    )

    return (
        tuple(Framework.objects.order_by("pk").values_list("name", "rule", "min_points")),
        tuple(Criterion.objects.order_by("pk").values_list("title", "scoring", "max_points")),
        tuple(
            Cycle.objects.order_by("pk").values_list(
                "state", "follower_id", "approach", "revoked_reason", "decision_id"
            )
        ),
        tuple(CriterionScore.objects.order_by("pk").values_list("own_score", "review_score")),
        Decision.objects.count(),
        Evidence.objects.count(),
    )
