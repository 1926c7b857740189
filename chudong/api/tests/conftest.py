"""Fixtures of the API tests: a client that speaks with a personal token of a persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from chudong.api import services
from chudong.members import services as member_services


class ApiClient:
    """The Django test client with `Authorization: Bearer <token>` on every request."""

    def __init__(self, token: str, language: str = "vi"):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": language}
        self.token = token

    def get(self, path, data=None, **extra):
        return self.client.get(path, data, **{**self.headers, **extra})

    def post(self, path, data=None, **extra):
        return self.client.post(
            path, data or {}, content_type="application/json", **{**self.headers, **extra}
        )


@pytest.fixture
def api(world):
    """api(persona_user) → an ApiClient holding a fresh personal token of that user."""

    def _api(user, language="vi"):
        _token, raw = services.token_create_personal(actor=user, name="Kiểm thử")
        return ApiClient(raw, language)

    return _api


def make_member(actor, unit, name: str, *, user=None, sex="female"):
    return member_services.member_create(
        actor=actor,
        unit=unit,
        full_name=name,
        sex=sex,
        date_of_birth=dt.date(2003, 4, 5),
        admission_date=dt.date(2020, 3, 26),
        user=user,
    )
