"""Uploaded files (ASVS V12): the type is decided by the content, never the name or the
browser's claim; size is bounded; what is stored has a random name and the extension of
what it really is; uploaded files are never served from a public URL, so nothing uploaded
is ever run or rendered as a page of our origin.

chudong.core.uploads is the one checker every app's services call (documents of the
procedures, photos, minutes, attachments); the importer has its own (imports.sheets,
tests in test_hostile_spreadsheets.py).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chudong.core import uploads

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
NOT_ALLOWED = "Tệp này không phải PDF, ảnh (JPEG, PNG, WebP) hay văn bản Word (.docx)."


def _upload(data: bytes, name: str, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _docx(*extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name in extra:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "claimed"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "anh.png", "image/png"),
        (b"<!doctype html><script>alert(1)</script>", "don.pdf", "application/pdf"),
        (b"<?php system($_GET['c']); ?>", "anh.jpg", "image/jpeg"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "bien-ban.pdf", "application/pdf"),
        (b"#!/bin/sh\nrm -rf /\n", "bien-ban.docx", "application/msword"),
        (b"GIF89a\x01\x00\x01\x00", "anh.gif", "image/gif"),
        (b"PK\x03\x04 not really a zip", "don.docx", "application/msword"),
    ],
    ids=["svg with script", "html as pdf", "php as jpg", "exe as pdf", "shell as docx", "gif",
         "broken zip"],
)  # fmt: skip
def test_it_refuses_what_is_not_a_pdf_photo_or_word_file_whatever_its_name(data, name, claimed):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(_upload(data, name, claimed), "file")
    assert error.value.message_dict["file"][0].startswith(NOT_ALLOWED)


def test_an_excel_workbook_is_not_taken_for_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ValidationError):
        uploads.check_upload(_upload(buffer.getvalue(), "don.docx"), "file")


MACROS = "Tệp Word này có macro (.docm)"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_TYPES = f'<Types><Override PartName="/word/document.xml" ContentType="{MACRO_MAIN}"/></Types>'


def _word(content_types: str, *parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
        for name in parts:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _word(MACRO_TYPES),
        _word("<Types/>", "word/vbaProject.bin"),
        _word('<Types><Default Extension="bin" '
              'ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
    ],
    ids=["declared macro-enabled main part", "vbaProject.bin part", "declared VBA project"],
)  # fmt: skip
def test_a_word_file_with_macros_renamed_to_docx_is_refused_and_said_why(data):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(_upload(data, "don.docx", uploads.DOCX), "file")
    assert error.value.message_dict["file"][0].startswith(MACROS)
    # The same parts without macros are an ordinary Word file.
    plain = _word(
        '<Types><Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    assert uploads.check_upload(_upload(plain, "don.docx"), "file").content_type == uploads.DOCX


@pytest.mark.parametrize(
    ("data", "kind", "extension"),
    [(b"%PDF-1.7\n%", uploads.PDF, ".pdf"), (PNG, uploads.PNG, ".png"),
     (b"\xff\xd8\xff\xe0" + b"\0" * 16, uploads.JPEG, ".jpg"),
     (b"RIFF\0\0\0\0WEBPVP8 ", uploads.WEBP, ".webp"), (_docx(), uploads.DOCX, ".docx")],
)  # fmt: skip
def test_the_stored_name_takes_the_extension_of_the_content(data, kind, extension):
    # A PDF named .html is offered back as .pdf (and served as a PDF, never as a page).
    checked = uploads.check_upload(_upload(data, "trang.html"), "file")
    assert checked.content_type == kind
    assert checked.name == "trang" + extension


def test_it_refuses_an_empty_file_and_one_over_ten_megabytes():
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(_upload(b"", "don.pdf"), "file")
    assert error.value.message_dict["file"] == ["Tệp rỗng."]
    big = _upload(b"%PDF-1.7\n" + b"0" * (uploads.MAX_BYTES), "don.pdf")
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(big, "file")
    assert error.value.message_dict["file"] == ["Tệp lớn hơn 10 MB."]


def test_every_bad_file_of_a_form_is_named_at_once():
    with pytest.raises(ValidationError) as error:
        uploads.check_uploads(
            {"application": _upload(b"<html>", "don.pdf"), "background": _upload(b"", "ll.pdf"),
             "certificate": None}
        )  # fmt: skip
    assert set(error.value.message_dict) == {"application", "background"}


@hypothesis_settings(max_examples=200, deadline=None)
@given(raw=st.text(max_size=300), kind=st.sampled_from(list(uploads.EXTENSIONS)))
def test_a_safe_name_is_always_a_plain_file_name(raw, kind):
    name = uploads.safe_name(raw, kind)
    assert name.endswith(uploads.EXTENSIONS[kind])
    assert "/" not in name and "\\" not in name and ".." not in name
    assert not any(ord(ch) < 32 or ch in "<>:\"|?*'`$;&" for ch in name)
    assert not name.startswith((".", "-"))
    assert 0 < len(name) <= 100 + len(uploads.EXTENSIONS[kind])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("../../etc/passwd.pdf", "passwd.pdf"),
     ("C:\\Users\\An\\Đơn xin vào Đoàn.pdf", "Đơn_xin_vào_Đoàn.pdf"),
     ("\x00\x1b[31m.pdf", "31m.pdf"), ("\x00.pdf", "tai-lieu.pdf"), ("-rf .pdf", "rf.pdf")],
)  # fmt: skip
def test_it_cleans_names_that_would_escape_or_confuse(raw, expected):
    assert uploads.safe_name(raw, uploads.PDF) == expected


def test_the_file_is_stored_under_a_random_name_inside_the_media_root(settings, tmp_path):
    from chudong.procedures.models import Document

    settings.MEDIA_ROOT = tmp_path
    checked = uploads.check_upload(_upload(PNG, "../../../anh thẻ.png", "image/png"), "file")
    document = Document(original_name=checked.name, content_type=checked.content_type, size=9)
    with uploads.FilesGuard() as guard:
        uploads.save_checked(document.file, checked, guard)
    stored = Path(document.file.path)
    assert stored.is_relative_to(tmp_path)
    assert "anh" not in stored.name and stored.suffix == ".png"
    assert len(stored.stem) == 32  # uuid4 hex


def test_the_guard_removes_saved_files_when_the_write_fails(settings, tmp_path):
    from chudong.procedures.models import Document

    settings.MEDIA_ROOT = tmp_path
    checked = uploads.check_upload(_upload(PNG, "anh.png", "image/png"), "file")
    document = Document(original_name=checked.name, content_type=checked.content_type, size=9)
    with pytest.raises(RuntimeError), uploads.FilesGuard() as guard:
        uploads.save_checked(document.file, checked, guard)
        assert Path(document.file.path).exists()
        raise RuntimeError("the transaction failed")
    assert not any(tmp_path.rglob("*.png"))


def test_uploaded_files_have_no_public_url(world, client, login):
    # No URL pattern serves MEDIA_ROOT: files go out through views that check access,
    # as attachments or with nosniff, so an uploaded file never runs as a page of ours.
    assert settings.MEDIA_URL == "/media/"
    assert client.get("/media/procedures/x.png").status_code in (302, 404)
    assert login(world.central_admin).get("/media/procedures/x.png").status_code == 404
