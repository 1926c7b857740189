"""The database restarted under a running server (issue 10, part 5).

gunicorn (production settings, one synchronous worker keeping its connection between
requests) serves the test database. A restart is what PostgreSQL does to the server's
connection: pg_terminate_backend from the test's own connection. To hit the middle of a
request, the test holds a row lock the request needs, waits until the request's
connection is waiting for it (inside its transaction, after its first writes), and
terminates that connection.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import Workbook

from chudong.api.services import token_create_personal
from chudong.imports import services as import_services
from chudong.imports.models import ImportJob, JobStatus
from chudong.members import services as member_services
from chudong.members.models import Member, MemberEvent

from .conftest import (
    SERVER_APP,
    Browser,
    backends_of,
    current_database_url,
    pg_only,
    terminate,
    wait_for_lock_wait,
    wait_gone,
)

pytestmark = pg_only


@contextlib.contextmanager
def row_locked(sql: str, params: list):
    """Hold `SELECT … FOR UPDATE` on a separate connection until the block ends."""
    with psycopg.connect(current_database_url().replace("postgres://", "postgresql://", 1)) as db:
        assert db.execute(sql, params).fetchall(), "nothing to lock"
        yield
        db.rollback()


def _member(world, **details):
    return member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Đinh Văn Quang",
        sex="male", date_of_birth=dt.date(2001, 5, 17), **details,
    )  # fmt: skip


def _edit_form(browser: Browser, member: Member, occupation: str) -> dict:
    page = browser.get(f"/members/{member.pk}/edit/")
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    return {
        "full_name": "Đinh Văn Quang", "sex": "male", "date_of_birth": "17/05/2001",
        "party_status": "none", "political_theory": "", "occupation": occupation,
        "version": version,
    }  # fmt: skip


def _is_the_503_page(response) -> None:
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == "30"
    assert "Hệ thống tạm thời gián đoạn" in response.text
    assert "chưa được lưu" in response.text
    assert "Traceback" not in response.text and "psycopg" not in response.text


def test_a_restart_in_the_middle_of_a_save_shows_the_503_page_and_saves_nothing(server, world):
    member = _member(world)
    browser = Browser(server, world.secretary)
    url = f"/members/{member.pk}/edit/"
    form = _edit_form(browser, member, "Kỹ sư")
    with (
        row_locked("SELECT id FROM members_member WHERE id = %s FOR UPDATE", [member.pk]),
        ThreadPoolExecutor(1) as pool,
    ):
        saving = pool.submit(browser.post, url, form)
        terminate([wait_for_lock_wait(SERVER_APP)])
        response = saving.result(timeout=60)
    _is_the_503_page(response)
    member.refresh_from_db()
    assert (member.occupation, member.version) == ("", int(form["version"]))
    # The next request works: gunicorn was not restarted, nobody repaired anything.
    again = browser.post(url, _edit_form(browser, member, "Kỹ sư"))
    assert again.status_code == 302
    member.refresh_from_db()
    assert member.occupation == "Kỹ sư"


def test_a_restart_between_requests_is_not_seen_by_the_next_one(server, world):
    member = _member(world)
    browser = Browser(server, world.secretary)
    assert browser.get(f"/members/{member.pk}/").status_code == 200
    kept = backends_of(SERVER_APP)
    assert kept, "the worker keeps its connection between requests (CONN_MAX_AGE)"
    terminate(kept)
    wait_gone(kept)
    # CONN_HEALTH_CHECKS: the dead connection is found before use and replaced.
    page = browser.get(f"/members/{member.pk}/")
    assert page.status_code == 200 and "Đinh Văn Quang" in page.text
    assert backends_of(SERVER_APP) and set(backends_of(SERVER_APP)).isdisjoint(kept)


def test_a_database_that_refuses_connections_gives_the_503_page_then_recovers(server, world):
    member = _member(world)
    browser = Browser(server, world.secretary)
    assert browser.get(f"/members/{member.pk}/").status_code == 200
    _token, secret = token_create_personal(actor=world.secretary, name="Kiểm thử")
    api_headers = {"Authorization": f"Bearer {secret}"}
    units = browser.session.get(server + "/api/v1/units", headers=api_headers, timeout=60)
    assert units.status_code == 200
    _allow_connections(False)
    try:
        kept = backends_of(SERVER_APP)
        terminate(kept)
        wait_gone(kept)
        # The session is read by a middleware before any view: handler500's 503 page.
        _is_the_503_page(browser.get(f"/members/{member.pk}/"))
        _is_the_503_page(browser.get("/"))
        # The API answers in its own JSON error shape.
        api = browser.session.get(server + "/api/v1/units", headers=api_headers, timeout=60)
        assert api.status_code == 503 and api.headers["Retry-After"] == "30"
        assert api.json()["code"] == "unavailable"
        assert "chưa có gì được lưu" in api.json()["message"]
    finally:
        _allow_connections(True)
    page = browser.get(f"/members/{member.pk}/")
    assert page.status_code == 200 and "Đinh Văn Quang" in page.text


def _member_list(rows: int) -> SimpleUploadedFile:
    digits = ["Không", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín"]
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"])
    for n in range(1, rows + 1):
        words = " ".join(digits[int(d)] for d in str(n))
        sheet.append([n, f"Phan Văn Số {words}", dt.date(1996, 1, 1) + dt.timedelta(days=n),
                      "Nam", f"0019{n:08d}"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def test_a_restart_in_the_middle_of_an_import_writes_none_of_the_list(server, world):
    branch = world.unit("TA.G1.B1")
    _member(world)  # the branch's member counts row exists, and one member is there
    job = import_services.import_job_create(
        actor=world.secretary, unit=branch, upload=_member_list(40)
    )
    job = import_services.import_job_map(actor=world.secretary, job=job, mapping=job.mapping)
    assert (job.status, job.rows_valid) == (JobStatus.ANALYSED, 40)
    browser = Browser(server, world.secretary)
    # The import writes the members, then adds them to the unit's counts: that row is
    # held here, so the import waits inside its one transaction with the members written.
    with (
        row_locked(
            "SELECT unit_id FROM members_unitmembercount WHERE unit_id = %s FOR UPDATE", [branch.pk]
        ),
        ThreadPoolExecutor(1) as pool,
    ):
        importing = pool.submit(
            browser.post, f"/imports/{job.pk}/confirm/", {}, form_page=f"/imports/{job.pk}/"
        )
        terminate([wait_for_lock_wait(SERVER_APP)])
        response = importing.result(timeout=60)
    # The import ends as failed, said in Vietnamese on its page, and nothing of it stays.
    assert response.status_code == 302, response.text[:300]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Chưa có gì được nhập" in job.error
    page = browser.get(f"/imports/{job.pk}/")
    assert page.status_code == 200 and "Chưa có gì được nhập" in page.text
    assert Member.objects.filter(unit=branch).count() == 1
    assert not Member.objects.filter(full_name__startswith="Phan Văn Số").exists()
    assert not Member.history.filter(full_name__startswith="Phan Văn Số").exists()
    assert not MemberEvent.objects.filter(source_id=job.pk, kind="imported").exists()
    # Checked again and confirmed again, the same list goes in whole.
    job = import_services.import_job_map(actor=world.secretary, job=job, mapping=job.mapping)
    done = browser.post(f"/imports/{job.pk}/confirm/", {}, form_page=f"/imports/{job.pk}/")
    assert done.status_code == 302
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.DONE
    assert Member.objects.filter(full_name__startswith="Phan Văn Số").count() == 40


def _allow_connections(allowed: bool) -> None:
    """New connections to the test database accepted or refused (those open stay), set
    from the maintenance database as PostgreSQL requires."""
    settings_dict = connection.settings_dict
    keys = (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
    params = {k: settings_dict.get(v) for k, v in keys if settings_dict.get(v)}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(
            f'ALTER DATABASE "{settings_dict["NAME"]}" ALLOW_CONNECTIONS {str(allowed).lower()}'
        )


@pytest.fixture(autouse=True)
def _always_accept_connections(transactional_db):
    """Never leave the test database refusing connections, whatever happened."""
    yield
    if connection.vendor == "postgresql":
        _allow_connections(True)
