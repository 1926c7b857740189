"""Rows for the tables the demo province leaves empty, so that the backup round trip
compares data in (nearly) every table. Run inside `manage.py shell` on the seeded source:

    manage.py shell -c "from tests.faults.extra_rows import fill; fill()"

It goes through the services where one exists (an import with a rejected row, a
notification, an API token, the report roll-ups) and writes the rest the way their owner
(django-axes, django-otp, sessions, the task queue) would.
"""

from __future__ import annotations

import datetime as dt
import io

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _member_list() -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính"])
    sheet.append([1, "Lò Văn Sao Lưu", dt.date(2004, 2, 3), "Nam"])
    sheet.append([2, "Quàng Thị Phục Hồi", dt.date(2005, 6, 7), "Nữ"])
    sheet.append([3, "Sai Ngày Sinh", "31/02/2005", "Nam"])  # rejected: an ImportIssue
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("sao-luu.xlsx", buffer.getvalue())


@transaction.atomic
def fill() -> None:
    from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_tasks_db.models import DBTaskResult, get_date_max

    from chudong.access.models import SensitiveReadLog
    from chudong.accounts.models import User
    from chudong.activities.models import Activity, ActivityPhoto
    from chudong.api.services import token_create_personal
    from chudong.imports import services as imports
    from chudong.notices.services import notify
    from chudong.orgs.models import Unit
    from chudong.reports.rollups import rollup_refresh

    user = User.objects.order_by("pk").first()
    rollup_refresh()
    notify(users=[user], kind="backup", title="Sao lưu thử", body="Kiểm tra sao lưu")
    token_create_personal(actor=user, name="Sao lưu thử")

    branches = Unit.objects.filter(kind__is_branch=True).order_by("pk")
    branch = next(u for u in branches if u.is_active)
    job = imports.import_job_create(actor=None, unit=branch, upload=_member_list(), _system=True)
    job = imports.import_job_map(
        actor=None, job=job, mapping=job.mapping, inline=True, _system=True
    )
    imports.import_job_confirm(actor=None, job=job, inline=True, _system=True)

    group = Group.objects.create(name="Sao lưu")
    permission = Permission.objects.order_by("pk").first()
    group.permissions.add(permission)
    user.groups.add(group)
    user.user_permissions.add(permission)

    common = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": user.username,
              "http_accept": "text/html", "path_info": "/accounts/login/"}  # fmt: skip
    attempt = AccessAttempt.objects.create(
        get_data="", post_data="username=" + user.username, failures_since_start=1, **common
    )
    AccessAttemptExpiration.objects.create(
        access_attempt=attempt, expires_at=timezone.now() + dt.timedelta(minutes=15)
    )
    AccessFailureLog.objects.create(locked_out=False, **common)
    AccessLog.objects.create(**common)
    session = SessionStore()
    session["backup"] = "round trip"
    session.create()
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, backend_name="default", queue_name="default",
        task_path="chudong.reports.rollups.rollup_refresh_task", run_after=get_date_max(),
    )  # fmt: skip
    SensitiveReadLog.objects.create(
        actor=user, subject_type="member", subject_id=1, subject_label="Sao lưu thử",
        unit_path=branch.path, fields="ethnicity", purpose="backup round trip",
    )  # fmt: skip
    activity = Activity.objects.order_by("pk").first()
    photo = ActivityPhoto(activity=activity, original_name="anh.png", content_type="image/png",
                          size=len(PNG), caption="Sao lưu thử", uploaded_by=user)  # fmt: skip
    photo.file.save("anh.png", ContentFile(PNG), save=False)
    photo.save()

    # Change history: one edit of the first row of each tracked table that has none yet.
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if history is None or not hasattr(history, "model") or model is history.model:
            continue
        first = model.objects.order_by("pk").first()
        if first is not None and not history.model.objects.exists():
            first.save()
