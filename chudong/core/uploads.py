"""Uploaded files, checked by their content (not their name or the type the browser
claims): PDF, photos (JPEG, PNG, WebP) and Word documents (.docx), at most 10 MB, offered
back under a cleaned name and stored under a random one.

A service that stores files validates them before it writes anything (so the error shows
next to the file field) and saves them last inside a `FilesGuard`: if the transaction then
fails, the saved files are removed again, so nothing is left half-written on disk either.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", WEBP: ".webp", DOCX: ".docx"}
# Not a type that is accepted: a Word file with macros, refused with its own message.
MACRO_DOCUMENT = "application/vnd.ms-word.document.macroEnabled.12"
_MACRO_PARTS = {"vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin"}
_CONTENT_TYPES_MAX = 256 * 1024
ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.docx,application/pdf,image/jpeg,image/png,image/webp"


@dataclass(frozen=True)
class CheckedUpload:
    upload: Any
    content_type: str
    name: str
    size: int
    field: str | None = None


def _sniff(upload: Any) -> str | None:
    """The real type of the upload from its first bytes (and, for a Word file, the
    parts inside its zip container)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        try:
            data = upload.read()
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return _word_kind(data, names)
    return None


def _word_kind(data: bytes, names: set[str]) -> str | None:
    """DOCX, or MACRO_DOCUMENT for a Word file with macros (.docm, .dotm) whatever its
    name: its content types declare a macro-enabled part or a VBA project, or it holds a
    vbaProject.bin part. None when the declarations cannot be read."""
    if any(PurePath(name).name.lower() in _MACRO_PARTS for name in names):
        return MACRO_DOCUMENT
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open("[Content_Types].xml") as part,
        ):
            # Bounded read: the declarations are a few kB; a bomb stops at the bound.
            declared = part.read(_CONTENT_TYPES_MAX).lower()
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, RuntimeError, EOFError):
        return None
    if b"macroenabled" in declared or b"vbaproject" in declared:
        return MACRO_DOCUMENT
    return DOCX


def safe_name(raw: str, content_type: str) -> str:
    """A name fit to show and to offer on download: no directories, no control or shell
    characters, the extension of what the file really is, at most 120 characters."""
    stem = PurePath(unicodedata.normalize("NFC", (raw or "").replace("\\", "/"))).stem
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    try:
        stem = get_valid_filename(stem.strip(" ."))
    except Exception:
        stem = ""
    stem = stem.strip("._-")[:100] or "tai-lieu"
    return stem + EXTENSIONS[content_type]


def check_upload(upload: Any, field: str) -> CheckedUpload:
    """Validate one upload: ValidationError on `field` when it is too big or not a PDF,
    a photo or a Word document."""
    if upload.size > MAX_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB.")})
    if upload.size == 0:
        raise ValidationError({field: _("The file is empty.")})
    content_type = _sniff(upload)
    if content_type == MACRO_DOCUMENT:
        raise ValidationError(
            {
                field: _(
                    "This Word file contains macros (.docm), which can run code on the "
                    "computer of whoever opens it. Save it as Word Document (.docx) without "
                    "macros and upload that file."
                )
            }
        )
    if content_type is None:
        raise ValidationError(
            {
                field: _(
                    "This file is not a PDF, a photo (JPEG, PNG, WebP) or a Word document "
                    "(.docx). Scan or save it in one of these forms."
                )
            }
        )
    return CheckedUpload(
        upload=upload,
        content_type=content_type,
        name=safe_name(getattr(upload, "name", ""), content_type),
        size=upload.size,
        field=field,
    )


def check_uploads(uploads: dict[str, Any]) -> dict[str, CheckedUpload]:
    """Validate several uploads at once ({field: upload or None}); every bad one is
    reported next to its field."""
    checked: dict[str, CheckedUpload] = {}
    errors: dict[str, list] = {}
    for field, upload in uploads.items():
        if upload is None:
            continue
        try:
            checked[field] = check_upload(upload, field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return checked


class FilesGuard:
    """Removes the files saved inside a `with` block when the block fails."""

    def __init__(self) -> None:
        self.saved: list[tuple[Any, str]] = []

    def __enter__(self) -> FilesGuard:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            for storage, name in self.saved:
                storage.delete(name)


def storage_problem(error: OSError) -> str:
    """What to tell the user when the server could not write an uploaded file."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _(
            "The server has no room left to store files, so nothing was saved. Tell the "
            "system administrator, and try again later."
        )
    return _(
        "The server could not store the file, so nothing was saved. Try again later; if it "
        "happens again, tell the system administrator."
    )


def save_checked(field_file: Any, checked: CheckedUpload, guard: FilesGuard) -> None:
    """Save a checked upload into a model's FileField under a random name (the model
    instance is not saved); the guard removes the file if the transaction fails.

    The disk being full (or any other failure to write) becomes a ValidationError on the
    upload's field: the service's transaction is rolled back and the files saved before
    are removed (and what was written of this one), so no record points to a file that is
    not there and no piece of a file is left on disk."""
    checked.upload.seek(0)
    field, instance, storage = field_file.field, field_file.instance, field_file.storage
    # What FieldFile.save does, with the generated name kept: an upload_to may give a new
    # random name at each call, and a failed write must be removed under its own name.
    target = field.generate_filename(instance, uuid.uuid4().hex + EXTENSIONS[checked.content_type])
    try:
        stored = storage.save(target, File(checked.upload), max_length=field.max_length)
    except OSError as error:
        log.error("could not store an upload (%s)", error, exc_info=True)
        # The storage leaves what it wrote before the disk filled up: remove it.
        with contextlib.suppress(OSError):
            storage.delete(target)
        message = storage_problem(error)
        raise ValidationError({checked.field: message} if checked.field else message) from None
    field_file.name = stored
    setattr(instance, field.attname, stored)
    guard.saved.append((storage, stored))
