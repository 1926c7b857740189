"""The disk full when an upload is stored (issue 10, part 5): the storage raises
OSError(ENOSPC) (the database stays real). The user gets a clear Vietnamese message next
to the file field, no record is written, and no record points to a file that is not there.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from chudong.activities import services as activity_services
from chudong.activities.models import ActivityPhoto
from chudong.core import uploads
from chudong.imports.models import ImportJob
from chudong.members import services as member_services

from .storage import FullDiskStorage
from .test_database_restart import _member_list

FULL = "Máy chủ đã hết chỗ lưu tệp nên chưa có gì được lưu"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def full_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.faults.storage.FullDiskStorage"},
    }
    FullDiskStorage.room = 0
    yield tmp_path / "media"
    FullDiskStorage.room = 0


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_a_photo_upload_on_a_full_disk_says_so_and_stores_nothing(world, login, full_disk):
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    activity = activity_services.activity_create(
        actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), kind="volunteer",
        title="Ngày Chủ nhật xanh", starts_at=start, ends_at=start + dt.timedelta(hours=3),
        place="Nhà văn hóa thôn Đông",
    )  # fmt: skip
    client = login(world.branch_secretary)
    response = client.post(
        reverse("activities:detail", args=[activity.pk]),
        {"action": "photo", "caption": "Lễ ra quân",
         "photo": SimpleUploadedFile("anh.png", PNG, content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 200
    assert FULL in response.content.decode()
    assert not ActivityPhoto.objects.exists()
    assert not _stored(full_disk)
    # Room again: the same upload goes through.
    FullDiskStorage.room = 1
    client.post(
        reverse("activities:detail", args=[activity.pk]),
        {"action": "photo", "caption": "Lễ ra quân",
         "photo": SimpleUploadedFile("anh.png", PNG, content_type="image/png")},
    )  # fmt: skip
    photo = ActivityPhoto.objects.get()
    assert photo.file.storage.exists(photo.file.name)


def _real_png() -> bytes:
    """A photo the member service can decode and re-encode (PNG above is only sniffed)."""
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 30, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_member_photo_on_a_full_disk_says_so_and_changes_nothing(world, login, full_disk):
    """The member's photo goes through core.uploads like the other uploads: the disk full
    is a Vietnamese message on the edit page, the record keeps its old photo, and the
    piece of the new file that was written is removed."""
    member = member_services.member_create(
        actor=world.central_admin, unit=world.unit("TA.G1.B1"), full_name="Nguyễn Văn An",
        sex="male", date_of_birth=dt.date(2001, 5, 17),
    )  # fmt: skip
    client = login(world.branch_secretary)
    url = reverse("members:photo", args=[member.pk])
    FullDiskStorage.room = 1
    client.post(
        url, {"photo": SimpleUploadedFile("anh.png", _real_png(), content_type="image/png")}
    )
    member.refresh_from_db()
    old = member.photo.name
    assert old and [p.name for p in _stored(full_disk)] == [Path(old).name]
    response = client.post(
        url,
        {"photo": SimpleUploadedFile("moi.png", _real_png(), content_type="image/png")},
        follow=True,
    )
    assert response.status_code == 200
    assert FULL in response.content.decode()
    member.refresh_from_db()
    assert member.photo.name == old
    assert [p.name for p in _stored(full_disk)] == [Path(old).name]


def test_a_member_list_upload_on_a_full_disk_says_so_and_stores_nothing(world, login, full_disk):
    branch = world.unit("TA.G1.B1")
    response = login(world.secretary).post(
        reverse("imports:unit", args=[branch.pk]), {"file": _member_list(5)}
    )
    assert response.status_code == 200
    assert FULL in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not _stored(full_disk)


def test_files_saved_before_the_disk_filled_up_are_removed_with_the_transaction(db, full_disk):
    """A service storing two files: the first fits, the second does not. The error names
    the second file's field, and the first file is removed: nothing refers to it, and
    nothing is left behind."""
    from chudong.imports.models import ImportJob as AnyModelWithAFile

    first = uploads.check_upload(SimpleUploadedFile("a.png", PNG), "application")
    second = uploads.check_upload(SimpleUploadedFile("b.png", PNG), "background")
    FullDiskStorage.room = 1
    holder_a, holder_b = AnyModelWithAFile(), AnyModelWithAFile()
    with (
        pytest.raises(ValidationError) as error,
        uploads.FilesGuard() as guard,
        transaction.atomic(),
    ):
        uploads.save_checked(holder_a.file, first, guard)
        assert _stored(full_disk), "the first file was written"
        uploads.save_checked(holder_b.file, second, guard)
    assert list(error.value.message_dict) == ["background"]
    assert FULL in error.value.message_dict["background"][0]
    assert not _stored(full_disk)
