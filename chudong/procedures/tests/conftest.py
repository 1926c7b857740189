"""Helpers for the Charter procedure tests: time frozen on a fixed day, files kept in a
temporary media root, members registered through the real services, and an admission
case brought to any step through the real services."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from chudong.members import services as member_services
from chudong.members.models import Member
from chudong.procedures import services
from chudong.procedures.models import AdmissionCase

TODAY = dt.date(2026, 6, 15)
ADMITTED = dt.date(2019, 3, 26)
# A candidate who is 17 on every date these tests use.
BORN = dt.date(2009, 1, 10)


@pytest.fixture(autouse=True)
def frozen():
    """Every test runs on TODAY (Ho Chi Minh City time), the clock standing still."""
    moment = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(name: str = "don.pdf", size: int = 0) -> SimpleUploadedFile:
    """A small PDF (padded to `size` bytes when given)."""
    content = b"%PDF-1.4\n% chudong test\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name: str = "ly-lich.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/msword")


@pytest.fixture
def make_member(world):
    def _make(
        unit_code: str = "TA.G1.B1",
        full_name: str = "Nguyễn Văn An",
        date_of_birth: dt.date = dt.date(2001, 5, 17),
        sex: str = "male",
        **details,
    ) -> Member:
        details.setdefault("admission_date", ADMITTED)
        details.setdefault("hometown", "Xã Bình Minh")
        return member_services.member_create(
            actor=world.central_admin,
            unit=world.unit(unit_code),
            full_name=full_name,
            sex=sex,
            date_of_birth=date_of_birth,
            **details,
        )

    return _make


STEPS = ["class", "introducer", "application", "vote", "decision", "ceremony", "card"]


@dataclass
class AdmissionDriver:
    """Takes a case through the real services, step by step, on fixed dates."""

    world: object
    introducer: Member

    def nominate(self, **overrides) -> AdmissionCase:
        values = {
            "actor": self.world.branch_secretary,
            "unit": self.world.unit("TA.G1.B1"),
            "full_name": "Đinh Thị Hoa",
            "sex": "female",
            "date_of_birth": BORN,
            "nominated_on": dt.date(2026, 3, 1),
            "hometown": "Thôn Đông, xã Bình Minh",
            "phone": "0987 654 321",
            **overrides,
        }
        return services.admission_nominate(**values)

    def step(self, case: AdmissionCase, name: str, **overrides) -> AdmissionCase:
        world = self.world
        secretary = world.branch_secretary
        if name == "class":
            values = dict(
                actor=secretary, case=case, class_name="Lớp cảm tình Đoàn đợt 1",
                class_start=dt.date(2026, 3, 5), class_end=dt.date(2026, 3, 7),
                class_result="passed",
            )  # fmt: skip
            service = services.admission_record_class
        elif name == "introducer":
            values = dict(
                actor=secretary, case=case, introducer_kind="member",
                introducer_member=self.introducer, introducer_known_since=dt.date(2025, 9, 1),
                introduced_on=dt.date(2026, 3, 10),
            )  # fmt: skip
            service = services.admission_record_introducer
        elif name == "application":
            values = dict(
                actor=secretary, case=case, application_date=dt.date(2026, 3, 12),
                application=pdf(), background=docx(),
            )  # fmt: skip
            service = services.admission_submit_application
        elif name == "vote":
            values = dict(
                actor=secretary, case=case, vote_date=dt.date(2026, 3, 20), members_present=10,
                votes_for=9, votes_against=1,
            )  # fmt: skip
            service = services.admission_record_vote
        elif name == "decision":
            values = dict(
                actor=world.staff_a, case=case, decision_number="15-QĐ/TĐTN",
                decision_date=dt.date(2026, 3, 25), decision_signer="Trần Thị Hải",
            )  # fmt: skip
            service = services.admission_decide
        elif name == "ceremony":
            values = dict(
                actor=secretary, case=case, ceremony_date=dt.date(2026, 3, 26),
                ceremony_place="Nhà văn hóa thôn Đông",
            )  # fmt: skip
            service = services.admission_record_ceremony
        else:
            values = dict(
                actor=secretary, case=case, card_number="ta26 000 123",
                card_issued_on=dt.date(2026, 3, 26),
            )  # fmt: skip
            service = services.admission_issue_card
        values.update(overrides)
        service(**values)
        return AdmissionCase.objects.get(pk=case.pk)

    def through(self, last: str, **nominate) -> AdmissionCase:
        """A new case taken through every step up to and including `last`."""
        case = self.nominate(**nominate)
        for name in STEPS[: STEPS.index(last) + 1]:
            case = self.step(case, name)
        return case


@pytest.fixture
def admission(world, make_member):
    introducer = make_member(full_name="Lê Văn Giới", date_of_birth=dt.date(2000, 2, 2))
    return AdmissionDriver(world=world, introducer=introducer)
