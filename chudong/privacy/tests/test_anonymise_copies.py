"""Anonymisation reaches the copies of a member's name that other apps keep in their own
rows (admission case, youth register, care cases, exemplary models, referrals, imports,
notes ...), through the hook each app registers: afterwards no text column of any table,
history tables included, holds the old name."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import Q

from chudong.core.text import fold, name_sort_key, split_full_name
from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.privacy.services import anonymise_member

NAME = "Quách Thị Diệu Linh"
DAY = dt.date(2012, 3, 1)


def _where(unit):
    return {"unit": unit, "unit_path": unit.path}


def _copies_everywhere(world, member):
    """Rows of other apps that copy the member's name, as their services write them."""
    from chudong.building.models import Referral
    from chudong.care.models import HardshipCase, RightsCase
    from chudong.imports.models import ImportIssue, ImportJob
    from chudong.inspection.models import Exemplary
    from chudong.procedures.models import AdmissionCase, HonoraryAdmission
    from chudong.transfers.models import MaturationBatch, MaturationEntry
    from chudong.youth.models import Youth

    unit = world.unit("TA.G1.B1")
    where = _where(unit)
    folded = fold(NAME)
    youth = Youth.objects.create(
        **where, full_name=NAME, full_name_folded=folded, sex="female", birth_year=1995,
        sort_key=name_sort_key(*split_full_name(NAME)), phone="0912000111", member=member,
        status="admitted",
        notes=f"{NAME} tham gia tình nguyện",
    )  # fmt: skip
    AdmissionCase.objects.create(
        **where, full_name=NAME, full_name_folded=folded, sex="female",
        date_of_birth=dt.date(1995, 6, 15), nominated_on=DAY, member=member,
        phone="0912000111", email="linh@example.org", hometown="Phú Thọ",
        nomination_note=f"Chi đoàn giới thiệu {NAME}",
    )  # fmt: skip
    AdmissionCase.objects.create(
        **where, full_name="Lê Văn Tới", full_name_folded=fold("Lê Văn Tới"), sex="male",
        date_of_birth=dt.date(1996, 1, 1), nominated_on=DAY, introducer_member=member,
        introducer_name=NAME,
    )  # fmt: skip
    HonoraryAdmission.objects.create(
        **where, full_name=NAME, sex="female", date_of_birth=dt.date(1995, 6, 15),
        contribution=f"Bà {NAME} ủng hộ", proposed_on=DAY, member=member,
    )  # fmt: skip
    HardshipCase.objects.create(
        **where, member=member, person_name=NAME, opened_on=DAY,
        details=f"Gia đình {NAME} khó khăn",
    )  # fmt: skip
    RightsCase.objects.create(
        **where, member=member, requester_name=NAME, area="labour", requester_kind="member",
        summary="Nợ lương", description=f"{NAME} bị nợ lương", received_on=DAY,
        channel="phone", respond_by=DAY, close_by=DAY,
    )  # fmt: skip
    Exemplary.objects.create(
        **where, kind="person", title=f"Gương sáng {NAME}", area="volunteer",
        description=f"{NAME} hiến máu 10 lần", started_on=DAY, member=member, holder=NAME,
    )  # fmt: skip
    Referral.objects.create(
        **where, member=member, youth=youth, into="doan", referred_on=DAY, year=DAY.year,
        note=f"Do {NAME} giới thiệu",
    )  # fmt: skip
    batch = MaturationBatch.objects.create(**where, year=2012, ceremony_on=DAY)
    MaturationEntry.objects.create(
        batch=batch, member=member, outcome="matured", note=f"{NAME} trưởng thành"
    )
    job = ImportJob.objects.create(**where, original_name="ds.xlsx")
    ImportIssue.objects.create(job=job, row=3, kind="error", message="Trùng", full_name=NAME)


def _text_columns():
    """Every Char/Text column of every table (history tables and auto-created ones too)."""
    for model in apps.get_models(include_auto_created=True):
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        if fields:
            yield model, fields


def _holding(text):
    found = []
    for model, fields in _text_columns():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__contains": text})
        for row in model._base_manager.filter(condition).values(*fields):
            found += [f"{model._meta.label}.{k}" for k, v in row.items() if v and text in v]
    return sorted(set(found))


def test_no_table_holds_the_old_name_after_anonymisation(world, make_member):
    member = make_member(
        "TA.G1.B1", full_name=NAME, phone="0912000111", date_of_birth=dt.date(1995, 6, 15)
    )
    _copies_everywhere(world, member)
    member_services.member_status_change(
        actor=world.central_admin, member=member, status="matured", effective_on=DAY
    )
    member = Member.objects.get(pk=member.pk)
    # The search below finds the copies: it is what must come back empty afterwards.
    before = _holding(NAME)
    assert "youth.Youth.full_name" in before and "care.HardshipCase.person_name" in before
    assert "imports.ImportIssue.full_name" in before

    anonymise_member(member=member, actor=world.central_admin, reason="test")

    left = _holding(NAME)
    assert left == [], " ".join(left)
    assert _holding(fold(NAME)) == []
    from chudong.youth.models import Youth

    youth = Youth.objects.get(member=member)
    assert youth.full_name == f"Ẩn danh {member.pk}" and youth.phone == ""
    assert youth.notes == f"Ẩn danh {member.pk} tham gia tình nguyện"
