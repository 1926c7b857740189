"""Formula injection in exports (ASVS 5.3.10 / OWASP CSV injection): every .xlsx the
project serves, found from the URL configuration (a new export is covered without anyone
adding it), is downloaded after units and members were given names that Excel would run
as formulas, and read back with openpyxl: no cell is a formula, no text cell starts with
= + - @ or a tab/CR, and the hostile names are there, neutralised with an apostrophe.

Both writers go through chudong.core.xlsx.safe_value: core.xlsx.workbook_response and the
fast member-list writer imports.xlsx_stream.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chudong.imports.models import ImportIssue, IssueKind
from chudong.members.models import Member
from chudong.orgs.models import Unit
from tests.test_access_matrix import ROUTES, _sample_cache, _samples, _url

HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE_UNIT_NAMES = {
    "TA.G1": "=1+2 Đoàn xã",
    "TA.G1.B1": "@SUM(1,2) Chi đoàn",
    "TA.G1.B2": "\x1f-2+3 Chi đoàn",  # a control character before the formula
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
EXPORTS = [route for route in ROUTES if ".xlsx" in route.route]
# Exports whose cells hold no names typed by users (the blank import template).
# Exports whose cells hold no names typed by users: the blank import template, the
# admissions per year (years and counts), and the recognition dashboard, whose unit rows
# are the units with a recognition cycle (the samples register none).
WITHOUT_USER_TEXT = {
    "imports:template",
    "reports:dashboard_admissions_export",
    "recognition:dashboard_xlsx",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def hostile(world):
    """Sample records of every app under TA.G1 (those of the access matrix), then every
    unit and member there renamed to formulas. The matrix caches samples per module;
    each test here has its own database state, so the cache starts empty."""
    _sample_cache.clear()
    samples = _samples(world, "TA.G1")
    for code, name in HOSTILE_UNIT_NAMES.items():
        Unit.objects.filter(pk=world.unit(code).pk).update(name=name)
    branch = world.unit("TA.G1.B1")
    Member.objects.create(
        unit=branch, unit_path=branch.path, full_name=HYPERLINK, given_name="y",
        sex="female", date_of_birth=dt.date(2004, 5, 19), status_since=branch.valid_from,
        hometown="+84 Hải Đăng", current_residence="-1 thôn Đông",
    )  # fmt: skip
    Member.objects.filter(unit_path__startswith=world.unit("TA.G1").path).exclude(
        full_name=HYPERLINK
    ).update(full_name='=CMD|" /C calc"!A0')
    # A row of the import report repeats what the uploaded file held.
    ImportIssue.objects.create(
        job_id=samples["job_id"], row=7, column="B", kind=IssueKind.choices[0][0],
        full_name=HYPERLINK, message="-",
    )  # fmt: skip
    yield samples
    _sample_cache.clear()


def _cells(data: bytes):
    book = load_workbook(BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_the_project_has_exports_to_check():
    names = {route.name for route in EXPORTS}
    assert {"imports:export", "care:hardship_export", "reports:structure_export"} <= names


@pytest.mark.parametrize("route", EXPORTS, ids=[route.name for route in EXPORTS])
def test_no_export_cell_is_a_formula(world, login, hostile, route):
    client = login(world.central_admin)
    response = client.get(_url(route, hostile))
    assert response.status_code == 200, route.name
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), route.name
    data = b"".join(response.streaming_content) if response.streaming else response.content
    neutralised = []
    for cell in _cells(data):
        assert cell.data_type != "f", (route.name, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(DANGEROUS), (route.name, cell.coordinate)
            assert "\x1f" not in cell.value
            if cell.value.startswith(("'=", "'@", "'-", "'+")):
                neutralised.append(cell.value)
    if route.name not in WITHOUT_USER_TEXT:
        # The test reached the guard: a hostile name was written, as text.
        assert neutralised, f"{route.name}: no hostile name in the export to check"
