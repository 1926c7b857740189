"""Tokens, errors, rate limit and the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from chudong.api import services
from chudong.api.models import ApiToken
from chudong.api.v1.api import api as ninja_api


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_it_stores_only_a_digest_and_shows_the_secret_once(world):
    token, raw = services.token_create_personal(actor=world.secretary, name="Báo cáo tỉnh")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("cd_") and len(raw) > 40
    assert raw not in (stored.digest, stored.prefix) and stored.digest == services.digest_of(raw)
    assert raw.startswith(stored.prefix)


def test_it_answers_a_program_without_a_token_401_and_a_browser_goes_to_login(client):
    response = client.get("/api/v1/units", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"
    response = client.get("/api/v1/units")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_refuses_a_wrong_or_revoked_token_in_the_callers_language(world, api):
    client = api(world.secretary)
    assert client.get("/api/v1/units").status_code == 200
    bad = client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer cd_not-a-token")
    assert bad.status_code == 401
    body = bad.json()
    assert body["code"] == "unauthorized" and body["details"] is None
    assert "mã" in body["message"].lower() or "token" in body["message"].lower()
    english = client.get(
        "/api/v1/units", HTTP_AUTHORIZATION="Basic abc", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["message"].startswith("Send a valid API token")
    token = ApiToken.objects.get(user=world.secretary)
    services.token_revoke(actor=world.secretary, token=token)
    assert client.get("/api/v1/units").status_code == 401


def test_a_person_cannot_revoke_someone_elses_token(world):
    from django.core.exceptions import PermissionDenied

    token, _raw = services.token_create_personal(actor=world.secretary, name="A")
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=world.staff_a, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_limits_each_token_to_its_rate_and_says_when_to_retry(world, api, settings):
    settings.CHUDONG_API_RATE = (3, 60)
    client, other = api(world.secretary), api(world.staff_a)
    # Frozen 20 s into a window: the request over the limit is told to wait the other 40 s.
    with time_machine.travel(dt.datetime(2026, 11, 20, 8, 0, 20, tzinfo=dt.UTC), tick=False):
        statuses = [client.get("/api/v1/units").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/units")
        assert limited.json()["code"] == "rate_limited"
        assert limited["Retry-After"] == "40"
        assert other.get("/api/v1/units").status_code == 200  # per token, not global
    with time_machine.travel(dt.datetime(2026, 11, 20, 8, 1, 0, tzinfo=dt.UTC), tick=False):
        assert client.get("/api/v1/units").status_code == 200  # a new window


def test_a_service_account_sees_exactly_its_unit(world):
    from chudong.access.models import Role

    role = Role.objects.get(code="secretary")
    token, raw = services.service_account_create(
        actor=world.staff_a, unit=world.unit("TA.G1"), role=role, name="Phần mềm xã"
    )
    assert token.kind == "service" and token.unit == world.unit("TA.G1")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    from django.test import Client

    client = Client()
    top = client.get("/api/v1/units", **headers).json()["items"]
    assert [u["code"] for u in top] == ["TA.G1"]
    assert client.get(f"/api/v1/units/{world.unit('TA.G2').pk}", **headers).status_code == 404


def test_a_branch_secretary_cannot_make_a_service_account_for_their_own_branch(world):
    from django.core.exceptions import PermissionDenied

    from chudong.access.models import Role

    with pytest.raises(PermissionDenied):
        services.service_account_create(
            actor=world.branch_secretary,
            unit=world.unit("TA.G1.B1"),
            role=Role.objects.get(code="member"),
            name="X",
        )
    assert not ApiToken.objects.exists()


def test_the_openapi_document_lists_every_operation_and_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operations = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    from chudong.api.urls import urlpatterns

    skip = ("openapi-json", "openapi-view", "api-root", "unknown")
    routes = {p.pattern._route for p in urlpatterns if p.name not in skip}
    assert {"/api/v1/" + r.replace("<int:", "{").replace(">", "}") for r in routes} == {
        path for _method, path in operations
    }
    assert ("POST", "/api/v1/admissions/{admission_id}/decide") in operations
    assert ("POST", "/api/v1/admissions/{admission_id}/refuse") in operations
    paged = document["paths"]["/api/v1/units/{unit_id}/activities"]["get"]["parameters"]
    assert {"after", "limit"} <= {p["name"] for p in paged}
    schemes = document["components"]["securitySchemes"].values()
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes)
    assert ninja_api.urls_namespace == "api"


def test_the_docs_page_opens_without_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui-bundle.js" in body
    assert "cdn.jsdelivr" not in body


def test_an_unknown_api_path_answers_the_api_not_found_body(world, api):
    response = api(world.secretary).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
