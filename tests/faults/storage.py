"""A file storage whose disk is full: it lets `room` files be written (default none),
then fails as the operating system does when no space is left."""

from __future__ import annotations

import errno
import os

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    room = 0  # files that still fit; set by the test

    def _save(self, name, content):
        if FullDiskStorage.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path(name))
        FullDiskStorage.room -= 1
        return super()._save(name, content)
