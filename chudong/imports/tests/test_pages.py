"""The import pages as a branch secretary uses them: upload, correct the columns, read the
preview, confirm; and who may open them."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine

from chudong.imports.models import ImportJob, JobStatus
from chudong.members.models import Member

from .conftest import messy_workbook, simple_sheet, upload, xlsx_bytes

NOW = dt.datetime(2025, 11, 15, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _text(response) -> str:
    """The page as read: tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _post_mapping(client, job, **changes):
    data = {"step": "map", **{f"col_{k}": v for k, v in job.mapping.items()}}
    data.update({f"col_{k}": v for k, v in changes.items()})
    return client.post(f"/imports/{job.pk}/", data)


def test_it_walks_a_secretary_from_upload_to_imported_members(world, login):
    client = login(world.branch_secretary)
    branch = world.unit("TA.G1.B1")
    page = client.get(f"/units/{branch.pk}/members/import/")
    assert "Tải danh sách lên" in _text(page)

    response = client.post(
        f"/units/{branch.pk}/members/import/", {"file": upload(xlsx_bytes(messy_workbook()))}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/"
    mapping = _text(client.get(response["Location"]))
    assert "Tiêu đề bảng ở dòng 6–7; dữ liệu bắt đầu từ dòng 9 (khoảng 17 dòng)" in mapping
    assert "HỌ VÀ TÊN / Họ đệm" in mapping
    assert 'name="col_D"' in client.get(response["Location"]).content.decode()

    response = _post_mapping(client, job)
    assert response.status_code == 302
    preview = _text(client.get(f"/imports/{job.pk}/"))
    assert "Xem trước: chưa có gì được lưu" in preview
    assert "Dòng 14, cột E: ngày sinh '31/02/2004' không phải ngày hợp lệ" in preview
    assert "Dòng 19: thiếu họ tên" in preview
    assert "Nhập 7 đoàn viên" in preview
    assert not Member.objects.exists()

    response = client.post(f"/imports/{job.pk}/confirm/")
    assert response.status_code == 302
    done = _text(client.get(f"/imports/{job.pk}/"))
    assert "Đã nhập 7 đoàn viên." in done
    assert "Mở danh sách đoàn viên" in done
    assert Member.objects.filter(unit=branch).count() == 7


def test_it_shows_a_wrong_mapping_back_with_its_reasons(world, login):
    client = login(world.secretary)
    client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/members/import/",
        {"file": upload(xlsx_bytes(messy_workbook()))},
    )
    job = ImportJob.objects.get()
    response = _post_mapping(client, job, B="", C="")
    assert response.status_code == 200
    assert "Cột nào ghi họ tên?" in _text(response)
    job.refresh_from_db()
    assert job.status == JobStatus.UPLOADED


def test_it_answers_a_bad_file_on_the_upload_page(world, login):
    client = login(world.secretary)
    response = client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/members/import/",
        {"file": upload(b"Ho va ten;Ngay sinh\nAn;2001\n", "danh-sach.csv")},
    )
    assert response.status_code == 200
    assert "Tệp này là văn bản thường (CSV hoặc TXT), không phải tệp Excel." in _text(response)
    assert not ImportJob.objects.exists()


def test_it_offers_the_units_below_where_nothing_can_be_imported(world, login):
    page = _text(login(world.staff_a).get(f"/units/{world.unit('TA').pk}/members/import/"))
    assert "Chọn chi đoàn hoặc đoàn cơ sở" in page
    assert "Đoàn xã Bình Minh" in page and "Đoàn trường THPT Sao Mai" in page


def test_it_keeps_import_pages_to_managers_of_the_unit(world, login):
    branch = world.unit("TA.G1.B1")
    client = login(world.secretary)
    client.post(
        f"/units/{branch.pk}/members/import/", {"file": upload(xlsx_bytes(messy_workbook()))}
    )
    job = ImportJob.objects.get()
    assert login(world.member).get(f"/imports/{job.pk}/").status_code == 403
    assert login(world.member).get(f"/units/{branch.pk}/members/import/").status_code == 403
    assert login(world.staff_b).get(f"/imports/{job.pk}/").status_code == 404
    assert login(world.staff_b).post(f"/imports/{job.pk}/confirm/").status_code == 404
    assert login(world.staff_a).get(f"/imports/{job.pk}/").status_code == 200
    assert login(world.secretary).get(f"/imports/{job.pk}/confirm/").status_code == 405


def test_it_polls_progress_and_reloads_when_the_work_is_done(world, login):
    client = login(world.secretary)
    rows = [["Họ và tên", "Ngày sinh", "Giới tính"], ["Nguyễn Văn An", "2001", "Nam"]]
    client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/members/import/",
        {"file": upload(xlsx_bytes(simple_sheet(rows)))},
    )
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.ANALYSING, total_rows=800, processed_rows=200
    )
    running = client.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'value="25"' in running.content.decode()
    assert "Đã đọc 200/800 dòng" in _text(running)
    assert f'hx-get="/imports/{job.pk}/progress/"' in running.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.ANALYSED)
    finished = client.get(f"/imports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"


def test_it_lists_the_recent_imports_of_the_unit(world, login):
    client = login(world.secretary)
    branch = world.unit("TA.G1.B1")
    client.post(
        f"/units/{branch.pk}/members/import/",
        {"file": upload(xlsx_bytes(messy_workbook()), "DS thôn Đông.xlsx")},
    )
    page = _text(client.get(f"/units/{branch.pk}/members/import/"))
    assert "Các lần nhập gần đây" in page
    assert "DS thôn Đông.xlsx" in page and "Chờ ghép cột" in page


def test_it_pins_the_queries_of_the_preview_page(world, login, django_assert_max_num_queries):
    client = login(world.secretary)
    client.post(
        f"/units/{world.unit('TA.G1.B1').pk}/members/import/",
        {"file": upload(xlsx_bytes(messy_workbook()))},
    )
    job = ImportJob.objects.get()
    _post_mapping(client, job)
    with django_assert_max_num_queries(14):
        page = client.get(f"/imports/{job.pk}/")
    assert "Nhập 7 đoàn viên" in _text(page)


def test_it_links_the_member_pages_to_exports_and_prints(world, login, make_member):
    member = make_member(full_name="Nguyễn Văn An")
    client = login(world.secretary)
    branch = world.unit("TA.G1.B1")
    listing = client.get(f"/units/{branch.pk}/members/?q=an&sex=male").content.decode()
    assert f'href="/units/{branch.pk}/members/export.xlsx?q=an&amp;sex=male"' in listing
    assert f'href="/units/{branch.pk}/branch-book.pdf"' in listing
    assert f'href="/units/{branch.pk}/members/import/"' in listing
    detail = client.get(f"/members/{member.pk}/").content.decode()
    assert f'href="/members/{member.pk}/dossier.pdf"' in detail
    # A plain member sees neither the import link nor the register.
    commune = client.get(f"/units/{world.unit('TA.G1').pk}/members/").content.decode()
    assert "branch-book.pdf" not in commune
