"""The task worker killed in the middle of a task (issue 10, part 5).

A real `manage.py db_worker` (django-tasks' database backend) runs the import of a big
member list. The test holds the unit's member-counts row, which the import updates after
writing the members, so the worker is caught inside its one transaction; then it is
killed with SIGKILL. The database rolls the transaction back: none of the list is there.
django-tasks leaves the task RUNNING for ever, so `recover_tasks` (run before every
worker start) queues it again, and the next worker imports the whole list; or, once a
task has killed its worker too often, marks it failed and the import page says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from chudong.imports import services as import_services
from chudong.imports.models import ImportJob, JobStatus
from chudong.members import services as member_services
from chudong.members.models import Member, MemberEvent
from tests.template_db import ROOT

from .conftest import WORKER_APP, current_database_url, pg_only, terminate, wait_for_lock_wait
from .test_database_restart import _member_list

pytestmark = pg_only
ROWS = 620  # more than imports.services.INLINE_ROWS: the import goes to the worker
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker(media_root: Path, log: Path, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": current_database_url(),
        "MEDIA_ROOT": str(media_root),
        "CHUDONG_TESTING": "0",  # the database task backend, as in production
        "PGAPPNAME": WORKER_APP,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload",
         "--no-startup-delay", "--interval", "0.2", *extra],
        cwd=ROOT, env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT,
    )  # fmt: skip


@pytest.fixture
def queued_import(transactional_db, world, settings, tmp_path):
    """A checked list of ROWS members, confirmed: its import task waits in the queue."""
    settings.MEDIA_ROOT = tmp_path / "media"
    branch = world.unit("TA.G1.B1")
    member_services.member_create(
        actor=world.central_admin, unit=branch, full_name="Đinh Văn Quang", sex="male",
        date_of_birth=dt.date(2001, 5, 17),
    )  # fmt: skip
    job = import_services.import_job_create(
        actor=world.secretary, unit=branch, upload=_member_list(ROWS)
    )
    job = import_services.import_job_map(
        actor=world.secretary, job=job, mapping=job.mapping, inline=True
    )
    assert job.status == JobStatus.ANALYSED
    with override_settings(TASKS=DATABASE_TASKS):
        job = import_services.import_job_confirm(actor=world.secretary, job=job)
    assert job.status == JobStatus.IMPORTING
    (task,) = DBTaskResult.objects.all()
    assert task.status == "READY"
    return job, task


@contextlib.contextmanager
def _counts_row_held(unit_id: int):
    with psycopg.connect(current_database_url().replace("postgres://", "postgresql://", 1)) as db:
        db.execute(
            "SELECT unit_id FROM members_unitmembercount WHERE unit_id = %s FOR UPDATE", [unit_id]
        )
        yield
        db.rollback()


def _kill_worker_mid_import(job: ImportJob, tmp_path: Path) -> None:
    worker = _worker(tmp_path / "media", tmp_path / "worker.log")
    try:
        with _counts_row_held(job.unit_id):
            waiting = wait_for_lock_wait(WORKER_APP, timeout=120)
            # Caught inside the import's transaction, with the members already written:
            assert job.status == ImportJob.objects.get(pk=job.pk).status == JobStatus.IMPORTING
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        # The server process notices the dead client once the lock is free, and rolls
        # back; a restarted database would do the same. Wait for it to go.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [waiting])
                if cursor.fetchone()[0] == 0:
                    break
            time.sleep(0.1)
        else:
            terminate([waiting])
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def _nothing_of_the_list(branch_id: int) -> None:
    assert Member.objects.filter(unit_id=branch_id).count() == 1
    assert not Member.objects.filter(full_name__startswith="Phan Văn Số").exists()
    assert not Member.history.filter(full_name__startswith="Phan Văn Số").exists()
    assert not MemberEvent.objects.filter(kind="imported").exists()


def test_a_killed_import_is_run_again_whole_at_the_next_worker_start(queued_import, tmp_path):
    job, task = queued_import
    _kill_worker_mid_import(job, tmp_path)
    task.refresh_from_db()
    assert task.status == "RUNNING", "django-tasks does not notice the dead worker"
    _nothing_of_the_list(job.unit_id)

    call_command("recover_tasks")  # what scripts/serve.sh and the systemd unit run first
    task.refresh_from_db()
    assert task.status == "READY"
    worker = _worker(tmp_path / "media", tmp_path / "worker.log", "--batch")
    assert worker.wait(timeout=300) == 0, (tmp_path / "worker.log").read_text()
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2
    assert (job.status, job.imported) == (JobStatus.DONE, ROWS)
    assert Member.objects.filter(full_name__startswith="Phan Văn Số").count() == ROWS


def test_a_task_that_keeps_killing_its_worker_ends_failed_and_the_user_is_told(
    queued_import, tmp_path, world
):
    job, task = queued_import
    _kill_worker_mid_import(job, tmp_path)
    call_command("recover_tasks", "--max-attempts", "1")
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path.endswith("WorkerLost")
    assert job.status == JobStatus.FAILED
    _nothing_of_the_list(job.unit_id)
    client = Client()
    client.force_login(
        world.secretary, backend="chudong.accounts.backends.UsernameEmailPhoneBackend"
    )
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Tiến trình chạy nền đã dừng giữa chừng" in page and "Chưa có gì được nhập" in page
    # Nothing is left for a worker to pick up again.
    call_command("recover_tasks")
    assert DBTaskResult.objects.get().status == "FAILED"
