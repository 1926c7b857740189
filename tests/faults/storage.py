"""A file storage whose disk is full: it lets `room` files be written (default none),
then fails as the operating system does when no space is left: part of the file is on
disk when the write fails."""

from __future__ import annotations

import errno
import os

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    room = 0  # files that still fit; set by the test

    def _save(self, name, content):
        if FullDiskStorage.room <= 0:
            path = self.path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as partial:
                partial.write(next(iter(content.chunks()))[:16])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        FullDiskStorage.room -= 1
        return super()._save(name, content)
