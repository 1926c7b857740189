"""Timing the import of 10,000 rows and the export of 200,000 members (not a test: run by
hand against a throwaway PostgreSQL database, which it fills):

    createdb -h 127.0.0.1 -U postgres chudong_imports_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chudong_imports_bench \\
        DEBUG=0 SECRET_KEY=bench ALLOWED_HOSTS=localhost \\
        .venv/bin/python -m chudong.imports.tests.perf_import_export --rows 10000 --members 200000

It migrates the database, builds the test tree, imports a generated list of `--rows` rows
through the services (upload, check, confirm: what the background task runs), then adds
`--members` members to province A with bulk_create and exports the province's list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chudong.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Lò", "Ma"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hồng", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hoa", "Lan", "Linh", "Mai", "Nam", "Phong",
         "Quân", "Sơn", "Thảo", "Trang", "Tú", "Vân", "Yến", "Ánh", "Đạt"]  # fmt: skip


def _people(rng: random.Random, count: int, id_offset: int):
    for n in range(count):
        sex = rng.choice(["Nam", "Nữ"])
        born = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))
        yield {
            "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "sex": sex,
            "born": born,
            "national_id": f"{id_offset + n:012d}",
            "phone": f"09{rng.randrange(10**8):08d}",
            "admitted": born + dt.timedelta(days=16 * 365 + rng.randrange(2000)),
        }


def _workbook(rows: int, seed: int = 2026) -> bytes:
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("DS đoàn viên")
    sheet.append(["ĐOÀN TNCS HỒ CHÍ MINH"])
    sheet.append(["BCH ĐOÀN XÃ BÌNH MINH"])
    sheet.append([])
    sheet.append(["DANH SÁCH ĐOÀN VIÊN"])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quê quán", "SĐT", "Số CCCD",
                  "Ngày vào Đoàn", "Trình độ", "Nghề nghiệp"])  # fmt: skip
    for n, person in enumerate(_people(rng, rows, 10**11 + seed * 10**6), start=1):
        admitted = min(person["admitted"], dt.date(2025, 1, 1))
        sheet.append([
            n, person["name"], person["born"].strftime("%d/%m/%Y"), person["sex"], "Xóm Đồng Tâm",
            int(person["phone"]), int(person["national_id"]), admitted, "12/12", "Công nhân",
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _seconds(start: float) -> str:
    return f"{time.perf_counter() - start:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor != "postgresql" or not str(name).endswith("_bench"):
        sys.exit("Run against a throwaway PostgreSQL database whose name ends in _bench.")
    settings.MEDIA_ROOT = Path("/tmp/chudong-imports-bench-media")
    call_command("migrate", verbosity=0)
    from chudong.accounts.models import User
    from chudong.orgs.models import Unit
    from conftest import build_world

    if not Unit.objects.filter(code="ROOT").exists():
        build_world()
    secretary = User.objects.get(username="secretary")
    branch = Unit.objects.get(code="TA.G1.B1")
    if not args.skip_import:
        _import(args.rows, secretary, branch)
    _export(args.members)


def _import(rows: int, actor, branch) -> None:
    from chudong.imports import services
    from chudong.members.models import Member

    data = _workbook(rows)
    print(f"generated a list of {rows:,} rows: {len(data) / 1e6:.1f} MB")
    before = Member.objects.count()
    started = time.perf_counter()
    job = services.import_job_create(
        actor=actor, unit=branch, upload=SimpleUploadedFile("ds.xlsx", data)
    )
    print(f"upload, type checks, table found: {_seconds(started)}")
    step = time.perf_counter()
    job = services.import_job_map(actor=actor, job=job, mapping=job.mapping, inline=True)
    print(f"check of every row (preview): {_seconds(step)}  ready={job.rows_valid:,} "
          f"rejected={job.rows_rejected} duplicates={job.duplicates_register}")  # fmt: skip
    step = time.perf_counter()
    job = services.import_job_confirm(actor=actor, job=job, inline=True)
    print(f"import (re-read, duplicates, one transaction): {_seconds(step)}  "
          f"imported={job.imported:,} status={job.status}")  # fmt: skip
    print(f"IMPORT TOTAL upload→imported: {_seconds(started)}")
    assert Member.objects.count() - before == job.imported


def _export(count: int) -> None:
    from chudong.accounts.models import User
    from chudong.core.paths import subtree_q
    from chudong.imports.export import member_export
    from chudong.members.models import Member, MemberSensitive
    from chudong.members.selectors import MemberFilters
    from chudong.members.services import counts_rebuild
    from chudong.members.services._common import apply_texts
    from chudong.orgs.models import Unit

    province = Unit.objects.get(code="TA")
    branches = list(Unit.objects.filter(subtree_q("path", province.path), kind__is_branch=True))
    existing = Member.objects.filter(subtree_q("unit_path", province.path)).count()
    missing = max(count - existing, 0)
    rng = random.Random(7)
    started = time.perf_counter()
    batch = []
    for person in _people(rng, missing, 5 * 10**11):
        unit = rng.choice(branches)
        member = Member(
            unit=unit, unit_path=unit.path, full_name=person["name"],
            sex="male" if person["sex"] == "Nam" else "female", date_of_birth=person["born"],
            hometown="Xóm Đồng Tâm, xã Bình Minh", current_residence="Xóm Đồng Tâm",
            phone=person["phone"], national_id=person["national_id"],
            admission_date=person["admitted"], education_level="12/12",
            status="active", status_since=person["admitted"],
        )  # fmt: skip
        apply_texts(member)
        batch.append(member)
        if len(batch) == 5000:
            saved = Member.objects.bulk_create(batch)
            MemberSensitive.objects.bulk_create(
                MemberSensitive(member=m, ethnicity="Kinh", religion="Không") for m in saved
            )
            batch = []
    if batch:
        saved = Member.objects.bulk_create(batch)
        MemberSensitive.objects.bulk_create(
            MemberSensitive(member=m, ethnicity="Kinh", religion="Không") for m in saved
        )
    counts_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_member")
    total = Member.objects.filter(subtree_q("unit_path", province.path)).count()
    print(f"province A now has {total:,} members (added {missing:,} in {_seconds(started)})")
    actor = User.objects.get(username="staff.a")  # holds members.sensitive: 14 columns
    step = time.perf_counter()
    response = member_export(actor=actor, unit=province, filters=MemberFilters())
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    print(f"EXPORT {total:,} members (with ethnicity and religion): {_seconds(step)}, "
          f"{size / 1e6:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
