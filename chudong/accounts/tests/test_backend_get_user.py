"""The session's user is read with a raw statement: the same user, its values converted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chudong.accounts.backends import UsernameEmailPhoneBackend
from chudong.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_reads_the_user_as_the_orm_would_and_refuses_inactive_or_unknown_ones(world):
    user = world.users["secretary"]
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - dt.timedelta(hours=1))
    backend = UsernameEmailPhoneBackend()

    read = backend.get_user(user.pk)
    orm = User.objects.get(pk=user.pk)
    assert read == orm
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(orm, field.attname), field.name
    assert isinstance(read.last_login, dt.datetime) and read.is_active is True

    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("not a number") is None
