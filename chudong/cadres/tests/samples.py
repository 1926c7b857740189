"""Samples for the access matrix (tests/test_access_matrix.py): under `unit`, a term, a
cadre (an account of its own holding an executive committee post there) with a course
(with a real certificate file), a planning entry and a Party introduction of `member`."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

PDF = b"%PDF-1.4\n%sample\n"


def samples(world, unit, member) -> dict:
    from chudong.access.models import Role, RoleAssignment
    from chudong.accounts.models import User
    from chudong.accounts.services import user_create
    from chudong.cadres.models import PartyIntroduction, PlanningEntry, Term, Training

    day = dt.date(2025, 3, 1)
    term = Term.objects.filter(unit=unit).first() or Term.objects.create(
        unit=unit,
        unit_path=unit.path,
        congress_on=day,
        congress_number=1,
        starts_on=day,
        ends_on=dt.date(2030, 3, 1),
        executive_size=9,
        standing_size=3,
        deputy_size=1,
        inspection_size=3,
    )
    username = f"canbo.mau.{unit.pk}"
    cadre = User.objects.filter(username=username).first()
    if cadre is None:
        cadre = user_create(username=username, full_name=f"Cán Bộ Mẫu {unit.code}")
        RoleAssignment.objects.create(
            user=cadre,
            unit=unit,
            role=Role.objects.get(code="executive-committee"),
            start_date=unit.valid_from,
        )
    training = Training.objects.filter(cadre=cadre).first()
    if training is None:
        training = Training(
            cadre=cadre,
            unit=unit,
            unit_path=unit.path,
            kind="union_skills",
            course="Lớp nghiệp vụ mẫu",
            starts_on=day,
            certificate_name="chung-chi.pdf",
        )
        training.certificate.save("mau.pdf", ContentFile(PDF), save=False)
        training.save()
    entry = PlanningEntry.objects.filter(unit=unit).first() or PlanningEntry.objects.create(
        unit=unit,
        unit_path=unit.path,
        member=member,
        role=Role.objects.get(code="deputy-secretary"),
        period="2025–2030",
        added_on=day,
    )
    intro = PartyIntroduction.objects.filter(unit=unit).first()
    if intro is None:
        intro = PartyIntroduction(
            member=member,
            unit=unit,
            unit_path=unit.path,
            chosen_on=day,
            grounds="Hoàn thành xuất sắc nhiệm vụ",
            class_name="Lớp cảm tình Đảng mẫu",
            class_from=day,
            class_to=day,
            class_result="passed",
            certificate_name="chung-nhan.pdf",
            letter_number="01-GT/ĐTN",
            letter_on=day,
            letter_signer="Bí thư",
            letter_file_name="gioi-thieu.pdf",
        )
        intro.certificate.save("mau.pdf", ContentFile(PDF), save=False)
        intro.letter_file.save("thu.pdf", ContentFile(PDF), save=False)
        intro.save()
    return {
        "term_id": term.pk,
        "cadre_id": cadre.pk,
        "training_id": training.pk,
        "planning_id": entry.pk,
        "introduction_id": intro.pk,
    }


def fingerprint() -> tuple:
    from chudong.cadres.models import (
        Evaluation,
        PartyIntroduction,
        PlanningEntry,
        Post,
        Term,
        Training,
    )

    return (
        tuple(
            Term.objects.order_by("pk").values_list("executive_size", "standing_size", "ends_on")
        ),
        tuple(Post.objects.order_by("pk").values_list("assignment_id", "employment", "mode")),
        tuple(Training.objects.order_by("pk").values_list("course", "certificate")),
        tuple(Evaluation.objects.order_by("pk").values_list("year", "level")),
        tuple(PlanningEntry.objects.order_by("pk").values_list("status", "note")),
        tuple(
            PartyIntroduction.objects.order_by("pk").values_list(
                "outcome", "class_result", "letter_on", "party_cell"
            )
        ),
    )
