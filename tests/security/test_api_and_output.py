"""The API's transport rules and output encoding (ASVS 13.1.3, 13.2.3, 14.5.3, 5.3.3).

chudong/api/tests covers tokens (digest only, revocation, rate limit, 401), the scope of
every operation (test_scope_walk.py) and generated requests (test_schemathesis.py).
Here: a token is accepted only in the Authorization header, never in the URL (where logs
and the Referer would keep it); a session may not write through the API without the CSRF
token; no cross-origin reads are allowed; names typed by users are escaped on pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from chudong.api import services
from chudong.members.models import Member


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def raw_token(world) -> str:
    _token, raw = services.token_create_personal(actor=world.secretary, name="Kiểm thử")
    return raw


def test_a_token_works_only_in_the_authorization_header(world, client, raw_token):
    json = {"HTTP_ACCEPT": "application/json"}
    assert client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw_token}").status_code == 200
    for query in (f"?token={raw_token}", f"?access_token={raw_token}", f"?api_key={raw_token}"):
        response = client.get(f"/api/v1/units{query}", **json)
        assert response.status_code == 401, query


def test_a_session_cannot_write_through_the_api_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member, backend="chudong.accounts.backends.UsernameEmailPhoneBackend")
    response = client.post(
        "/api/v1/documents/acknowledge", {"document_id": 1}, content_type="application/json",
        HTTP_ACCEPT="application/json",
    )  # fmt: skip
    assert response.status_code in (401, 403)
    # Reading with the session is allowed (the docs page tries the API that way).
    assert client.get("/api/v1/units", HTTP_ACCEPT="application/json").status_code in (200, 403)


def test_no_other_site_may_read_the_api_from_a_browser(world, client, raw_token):
    response = client.get(
        "/api/v1/units",
        HTTP_AUTHORIZATION=f"Bearer {raw_token}",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/units", HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )  # fmt: skip
    assert "Access-Control-Allow-Origin" not in preflight


def test_a_name_typed_as_html_is_shown_as_text(world, login):
    branch = world.unit("TA.G1.B1")
    member = Member.objects.create(
        unit=branch, unit_path=branch.path, full_name='<script>alert("x")</script> An',
        given_name="An", sex="female", date_of_birth=dt.date(2004, 1, 2),
        status_since=branch.valid_from, hometown='"><img src=x onerror=alert(1)>',
    )  # fmt: skip
    client = login(world.secretary)
    for url in (f"/members/{member.pk}/", f"/units/{branch.pk}/members/?q=script"):
        body = client.get(url).content.decode()
        assert '<script>alert("x")' not in body, url
        assert "<img src=x" not in body, url
    body = client.get(f"/members/{member.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; An" in body
