"""Helpers for the inspection tests: a fixed 'today', rows written through the services,
and a secretary of Đoàn trường THPT Sao Mai (TA.G2, a sibling of TA.G1)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.inspection import services
from chudong.ratings.tests.conftest import make_member  # noqa: F401 - the shared fixture

TODAY = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Evidence files are real files: keep them out of var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def school_secretary(world):
    from chudong.access.models import Role, RoleAssignment
    from chudong.accounts.services import user_create

    user = user_create(full_name="Đinh Văn Sao", username="sao.mai", password="x-Secret-2026!")
    RoleAssignment.objects.create(
        user=user,
        unit=world.unit("TA.G2"),
        role=Role.objects.get(code="secretary"),
        start_date=dt.date(2020, 1, 1),
    )
    return user


def inspection_data(world, **over) -> dict:
    data = {
        "subject": world.unit("TA.G1"),
        "plan": None,
        "content": "Sinh hoạt chi đoàn và quản lý đoàn viên",
        "inspected_on": dt.date(2026, 5, 12),
        "team": "Trần Thị Hải (Ủy viên UBKT Tỉnh đoàn)",
        "findings": "Sổ đoàn viên chưa cập nhật; 2 chi đoàn chưa sinh hoạt đều",
        "conclusion": "Cơ bản thực hiện đúng Điều lệ",
    }
    data.update(over)
    return data


def review_data(**over) -> dict:
    data = {
        "year": 2026,
        "strengths": "Tổ chức tốt các hoạt động tình nguyện",
        "shortcomings": "Sinh hoạt chi đoàn chưa đều",
        "remedies": "Giao Phó Bí thư theo dõi lịch sinh hoạt",
        "self_rating": "good",
        "criticism": "",
        "agreed_rating": "",
        "reviewed_on": dt.date(2026, 11, 20),
    }
    data.update(over)
    return data


def exemplary_data(**over) -> dict:
    data = {
        "kind": "model",
        "title": "Mô hình 'Thắp sáng đường quê'",
        "area": "volunteer",
        "description": "Lắp 120 bóng đèn năng lượng mặt trời trên 3 km đường thôn",
        "member": None,
        "holder": "",
        "started_on": dt.date(2026, 3, 26),
        "link": "",
        "commendation": "none",
        "decision_number": "",
        "decision_on": None,
    }
    data.update(over)
    return data


@pytest.fixture
def inspect(world):
    """inspect(by, **over) → an inspection of TA.G1 by the province (default)."""

    def _inspect(by="TA", actor=None, **over):
        return services.inspection_create(
            actor=actor or world.staff_a, unit=world.unit(by), data=inspection_data(world, **over)
        )

    return _inspect
