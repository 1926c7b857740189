"""chudong.core.sessions: Django's database sessions read through one SQL statement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from chudong.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_reads_back_and_an_expired_or_unknown_one_reads_empty():
    saved = SessionStore()
    saved["who"] = "Lê Thị Bình"
    saved.save()

    assert SessionStore(session_key=saved.session_key).load() == {"who": "Lê Thị Bình"}

    Session.objects.filter(session_key=saved.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(session_key=saved.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made at the next save

    unknown = SessionStore(session_key="x" * 32)
    assert unknown.load() == {} and unknown.session_key is None
