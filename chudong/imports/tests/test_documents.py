"""Printed documents: a member's dossier and the chi đoàn book, set by Typst. Their text is
read back with pdftotext (poppler-utils), as a person would read the page."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine

from chudong.access.models import SensitiveReadLog
from chudong.imports import documents
from chudong.members import services as member_services

NOW = dt.datetime(2025, 11, 15, 9, 30, tzinfo=dt.UTC)
pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True)
    return " ".join(result.stdout.decode().split())


def _pdf(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def lan(world, make_member):
    member = make_member(
        full_name="Triệu Thị Lan", sex="female", date_of_birth=dt.date(2003, 4, 2),
        hometown="Xóm Đồng Tâm", admission_date=dt.date(2019, 3, 26), card_number="TA-19-0002",
    )  # fmt: skip
    member_services.member_sensitive_update(
        actor=world.central_admin, member=member, expected_version=0,
        values={"ethnicity": "Tày", "religion": "Phật giáo"},
        family=[{"relation": "mother", "full_name": "Hoàng Thị Mến", "birth_year": 1975}],
    )  # fmt: skip
    member_services.member_status_change(
        actor=world.central_admin, member=member, status="working_far",
        effective_on=dt.date(2024, 2, 1), reason="Đi làm ở Bắc Ninh",
    )  # fmt: skip
    return member


@pdftotext
def test_it_prints_a_dossier_with_history_and_sensitive_data_when_allowed(world, login, lan):
    response = login(world.secretary).get(f"/members/{lan.pk}/dossier.pdf")
    text = _text(_pdf(response))
    for expected in (
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "ĐOÀN XÃ BÌNH MINH",
        "CHI ĐOÀN THÔN ĐÔNG",
        "HỒ SƠ ĐOÀN VIÊN",
        "TRIỆU THỊ LAN",
        "02/04/2003",
        "TA-19-0002",
        "Quá trình sinh hoạt ở các đơn vị",
        "26/03/2019",
        "Quá trình trạng thái",
        "Đi làm ở Bắc Ninh",
        "Dân tộc Tày",
        "Phật giáo",
        "Hoàng Thị Mến",
    ):
        assert expected in text, expected
    log = SensitiveReadLog.objects.get()
    assert (log.actor, log.subject_id, log.purpose) == (world.secretary, lan.pk, "pdf")


@pdftotext
def test_it_prints_no_sensitive_data_without_the_right(world, login, lan):
    from chudong.access.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=world.outsider, unit=world.unit("TA.G1"), start_date=dt.date(2020, 1, 1),
        role=Role.objects.get(code="executive-committee"),
    )  # fmt: skip
    text = _text(_pdf(login(world.outsider).get(f"/members/{lan.pk}/dossier.pdf")))
    assert "TRIỆU THỊ LAN" in text
    assert "Tày" not in text and "Hoàng Thị Mến" not in text and "Dữ liệu nhạy cảm" not in text
    assert not SensitiveReadLog.objects.exists()


def test_it_prints_dossiers_only_of_members_the_reader_sees(world, login, lan):
    assert login(world.staff_b).get(f"/members/{lan.pk}/dossier.pdf").status_code == 404
    assert login(world.member).get(f"/members/{lan.pk}/dossier.pdf").status_code == 403


@pdftotext
@pytest.mark.parametrize(
    "hostile",
    [
        '#panic("injected")',
        '#read("/etc/passwd")',
        "*bold* _italic_ $x^2$ `raw` <label> @ref",
        "] #set text(size: 40pt) [",
        "\\ // /* comment",
        '"); #panic("x"); ("',
    ],
)
def test_it_prints_user_text_literally_whatever_it_contains(world, make_member, hostile):
    member = make_member(full_name="Nguyễn Văn An", hometown=hostile, workplace=hostile)
    data = documents.dossier_pdf(actor=world.central_admin, member=member)
    text = _text(data)
    assert " ".join(hostile.split()) in text
    assert "root:" not in text


@pdftotext
def test_it_prints_the_branch_book_from_the_register(world, login, make_member, lan):
    an = make_member(full_name="Nguyễn Văn An", admission_date=dt.date(2025, 3, 26))
    make_member(unit_code="TA.G1.B2", full_name="Đỗ Văn Chuyển", admission_date=dt.date(2020, 1, 5))
    chuyen = lan.__class__.objects.get(full_name="Đỗ Văn Chuyển")
    member_services.member_move(
        actor=world.central_admin, member=chuyen, to_unit=world.unit("TA.G1.B1"),
        effective_on=dt.date(2025, 6, 1), note="Chuyển về thôn Đông",
    )  # fmt: skip
    member_services.member_move(
        actor=world.central_admin, member=an, to_unit=world.unit("TA.G1.B2"),
        effective_on=dt.date(2025, 9, 1),
    )  # fmt: skip
    member_services.member_status_change(
        actor=world.central_admin, member=lan, status="matured",
        effective_on=dt.date(2025, 10, 1), reason="Đủ 30 tuổi",
    )  # fmt: skip
    branch = world.unit("TA.G1.B1")
    text = _text(_pdf(login(world.branch_secretary).get(f"/units/{branch.pk}/branch-book.pdf")))
    for expected in (
        "SỔ CHI ĐOÀN",
        "Năm 2025",
        "1. Danh sách đoàn viên",
        "Đoàn viên sinh hoạt tại chi đoàn ngày 15/11/2025.",
        "2. Đoàn viên mới kết nạp và chuyển đến",
        "Chuyển về thôn Đông",
        "3. Đoàn viên chuyển sinh hoạt đi",
        "4. Đoàn viên trưởng thành Đoàn",
        "Đủ 30 tuổi",
        "5. Đoàn viên bị xóa tên",
        "13. Sinh hoạt chi đoàn",
        "Chưa có dữ liệu: chudong chưa có chức năng ghi nghiệp vụ này.",
    ):
        assert expected in text, expected
    roster = text[text.index("1. Danh sách") : text.index("2. Đoàn viên mới")]
    assert "Đỗ Văn Chuyển" in roster
    assert "Nguyễn Văn An" not in roster and "Triệu Thị Lan" not in roster
    departures = text[text.index("3. Đoàn viên chuyển") : text.index("4. Đoàn viên")]
    assert "Nguyễn Văn An" in departures and "Chi đoàn thôn Tây" in departures
    # The first status of a registration is no change; only the real changes are listed.
    others = text[text.index("6. Thay đổi") : text.index("7. Đoàn viên")]
    assert "Đang sinh hoạt" not in others


def test_it_asks_for_a_branch_above_the_branches(world, login):
    page = login(world.secretary).get(f"/units/{world.unit('TA.G1').pk}/branch-book.pdf")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sổ chi đoàn do từng chi đoàn lập" in body
    assert f"/units/{world.unit('TA.G1.B1').pk}/branch-book.pdf" in body


def test_it_prints_vietnamese_with_the_bundled_fonts_on_any_server(world, make_member):
    member = make_member(full_name="Đặng Thị Ánh Tuyết")
    data = documents.dossier_pdf(actor=world.central_admin, member=member)
    # Typst embeds the glyphs it used from its own fonts (system fonts are ignored).
    assert b"LibertinusSerif" in data
