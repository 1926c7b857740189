"""Import and export at national scale, through chudong.imports (no second importer).

- Import: a generated .xlsx of IMPORT_ROWS members into a branch of the big province,
  through the services a user's upload goes through (upload and layout detection, the
  check of every row, the confirmed import that the background task runs), each run in
  a transaction rolled back afterwards so that the dataset stays as generated.
- Export: the member list of the province closest to 200,000 members as .xlsx, through
  the export URL of gunicorn, as that province's staff (who see ethnicity and religion
  too), read to the last byte.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import tempfile
import time

import psycopg
from openpyxl import Workbook

from . import data
from .server import PORT_DEFAULT, Server, get, login
from .world import BENCH_PASSWORD, staff_username

IMPORT_ROWS = 10_000
EXPORT_MEMBERS = 200_000


def workbook(rows: int, seed: int = 7) -> bytes:
    """A member list as a commune keeps it: title block, header row, one member a row."""
    rng = random.Random(seed)
    families = [f for f, _w in data.FAMILY["north"]]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("DS đoàn viên")
    sheet.append(["ĐOÀN TNCS HỒ CHÍ MINH"])
    sheet.append(["BCH ĐOÀN XÃ BÌNH MINH"])
    sheet.append([])
    sheet.append(["DANH SÁCH ĐOÀN VIÊN"])
    sheet.append(
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quê quán", "SĐT", "Số CCCD",
         "Ngày vào Đoàn", "Trình độ", "Nghề nghiệp"]
    )  # fmt: skip
    for n in range(1, rows + 1):
        female = rng.random() < 0.5
        sex = "female" if female else "male"
        middle = rng.choice(["Thị", "Thu", "Ngọc"] if female else ["Văn", "Đức"])
        given = rng.choice([g for g, _w in data.GIVEN[sex]])
        name = f"{rng.choice(families)} {middle} {given}"
        born = dt.date(1997, 1, 1) + dt.timedelta(days=rng.randrange(10 * 365))
        admitted = min(
            born + dt.timedelta(days=16 * 365 + rng.randrange(2000)), dt.date(2026, 1, 1)
        )
        sheet.append(
            [n, name, born.strftime("%d/%m/%Y"), "Nữ" if female else "Nam", "Xóm Đồng Tâm",
             f"09{rng.randrange(10**8):08d}", f"999{n:09d}", admitted, "12/12", "Công nhân"]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def time_import(url: str, big_province_path: str, *, repeat: int, rows: int = IMPORT_ROWS):
    """Seconds for each run of upload → check → confirmed import of `rows` members."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import override_settings

    from chudong.accounts.models import User
    from chudong.core.paths import subtree_q
    from chudong.imports import services
    from chudong.orgs.models import Unit

    content = workbook(rows)
    actor = User.objects.get(username=staff_username("HCM", 1))
    branch = (
        Unit.objects.filter(subtree_q("path", big_province_path), kind__is_branch=True)
        .order_by("path")
        .first()
    )
    times, imported = [], 0
    media = tempfile.TemporaryDirectory(prefix="chudong-bench-media-")
    with media, override_settings(MEDIA_ROOT=media.name):
        for _ in range(repeat):
            with transaction.atomic():
                started = time.perf_counter()
                job = services.import_job_create(
                    actor=actor, unit=branch, upload=SimpleUploadedFile("ds.xlsx", content)
                )
                job = services.import_job_map(
                    actor=actor, job=job, mapping=job.mapping, inline=True
                )
                job = services.import_job_confirm(actor=actor, job=job, inline=True)
                times.append(time.perf_counter() - started)
                imported = job.imported
                transaction.set_rollback(True)  # the dataset stays as generated
            # ...and so do its tables: the rolled-back rows stay behind as dead tuples in
            # the member table and its 50 indexes until a vacuum, and each run read
            # through more of them (15 s for the first runs, 21-23 s for the last).
            _vacuum(url, IMPORT_TABLES)
    return times, imported, len(content)


# The tables an import writes to (chudong.imports.writer) and the history it records.
IMPORT_TABLES = (
    "members_member",
    "members_historicalmember",
    "members_memberunitperiod",
    "members_memberstatusperiod",
    "members_memberevent",
    "members_membersensitive",
)


def _vacuum(url: str, tables: tuple[str, ...]) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        existing = {
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE tablename = ANY(%s)", [list(tables)]
            )
        }
        for table in tables:
            if table in existing:
                connection.execute(f'VACUUM "{table}"')


def export_province(url: str) -> tuple[str, int, int]:
    """(code, unit id, members) of the province whose register is closest to 200,000."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT u.code, u.id, (SELECT SUM(c.total) FROM members_unitmembercount c "
            "WHERE c.unit_path >= u.path AND c.unit_path < u.path || '~') "
            "FROM orgs_unit u JOIN orgs_unit r ON r.id = u.parent_id "
            "WHERE r.code = 'TW'"
        ).fetchall()
    return min(rows, key=lambda r: abs((r[2] or 0) - EXPORT_MEMBERS))


def time_export(url: str, static_root: str, *, repeat: int):
    code, unit_id, members = export_province(url)
    path = f"/units/{unit_id}/members/export.xlsx"
    runs = []
    with Server(
        database_url=url, settings="chudong.settings", static_root=static_root, port=PORT_DEFAULT
    ):
        cookie = login(PORT_DEFAULT, staff_username(code, 1), BENCH_PASSWORD)
        for _ in range(repeat):
            response = get(PORT_DEFAULT, path, cookie=cookie)
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            runs.append((response.seconds, response.first_byte, len(response.body)))
    return code, members, path, runs


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} s (runs: {', '.join(f'{v:.1f}' for v in values)})"
