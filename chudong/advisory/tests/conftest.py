"""Helpers for the advisory tests: a fixed 'today' and rows written through the services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chudong.advisory import services

TODAY = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def resource_data(**over) -> dict:
    data = {
        "sponsor_name": "Ngân hàng Nông nghiệp chi nhánh huyện",
        "sponsor_kind": "business",
        "form": "cash",
        "value": 5_000_000,
        "received_on": dt.date(2026, 3, 26),
        "purpose": "Quà cho thiếu nhi có hoàn cảnh khó khăn",
        "funded": "",
        "activity": None,
        "thanked_on": None,
        "thanked_by": "",
        "description": "",
    }
    data.update(over)
    return data


def agreement_data(**over) -> dict:
    data = {
        "partner_name": "Công an xã Tân Lập",
        "partner_kind": "police",
        "title": "Quy chế phối hợp số 01/QCPH",
        "signed_on": dt.date(2025, 1, 10),
        "valid_from": dt.date(2025, 1, 10),
        "valid_to": dt.date(2027, 12, 31),
        "content": "Phối hợp giữ gìn an ninh trật tự",
        "responsible": "Phó Bí thư Đoàn xã; Phó Trưởng Công an xã",
    }
    data.update(over)
    return data


def proposal_data(**over) -> dict:
    data = {
        "subject": "Đề xuất hỗ trợ kinh phí sân chơi thiếu nhi",
        "kind": "mechanism",
        "content": "Đề nghị Đảng ủy bố trí kinh phí...",
        "submitted_to": "party",
        "submitted_to_other": "",
        "submitted_on": dt.date(2026, 9, 1),
    }
    data.update(over)
    return data


@pytest.fixture
def add_resource(world):
    def _add(unit_code="TA.G1", **over):
        return services.resource_create(
            actor=world.central_admin, unit=world.unit(unit_code), data=resource_data(**over)
        )

    return _add
