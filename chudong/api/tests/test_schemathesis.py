"""Schemathesis against the OpenAPI document, in process (WSGI, no network): for every
operation, generated requests with a central administrator's token must answer without
a server error and within the documented schemas. Path ids point at real objects half
of the time (random ids are mostly "not found"). Bounded to run in seconds."""

from __future__ import annotations

import datetime as dt

import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from chudong.activities import services as activity_services
from chudong.api import services
from chudong.procedures.services.admission import admission_nominate

from .conftest import make_member

EXAMPLES_PER_OPERATION = 20


def _real_ids(world) -> dict:
    branch = world.unit("TA.G1.B1")
    member = make_member(world.central_admin, branch, "Nguyễn Thị Mẫu")
    case = admission_nominate(
        actor=world.central_admin,
        unit=branch,
        full_name="Trần Văn Ứng",
        sex="male",
        date_of_birth=dt.date(2008, 1, 2),
        nominated_on=dt.date(2026, 3, 1),
    )
    start = timezone.now().replace(microsecond=0)
    activity = activity_services.activity_create(
        actor=world.central_admin,
        unit=branch,
        kind="volunteer",
        title="Hoạt động mẫu",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    return {
        "unit_id": branch.pk,
        "member_id": member.pk,
        "admission_id": case.pk,
        "activity_id": activity.pk,
    }


def test_generated_requests_meet_no_server_error_and_no_schema_violation(world, settings):
    settings.CHUDONG_API_RATE = (1_000_000, 60)
    cache.clear()
    ids = _real_ids(world)
    _token, raw = services.token_create_personal(actor=world.central_admin, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    # As Django's test client does: a request's start and end must not close the test's
    # database connection (its transaction holds the data).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 16
        seen = _run_all(operations, ids, headers)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    # The run reached real objects, refused bad input and missed unknown ids.
    assert {200, 201, 404, 422} <= seen, seen


# What a member's own token does: the member's documents and the check-in.
MEMBER_TAGS = {"documents", "activities"}


def test_a_members_own_operations_meet_no_server_error_either(world, settings):
    """The same with a plain member's token (a record of their own), for the operations
    that act on the caller's own record: their answers come from other paths."""
    settings.CHUDONG_API_RATE = (1_000_000, 60)
    cache.clear()
    ids = _real_ids(world)
    make_member(world.central_admin, world.unit("TA.G1.B1"), "Vũ Thị Thu", user=world.member)
    _token, raw = services.token_create_personal(actor=world.member, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        operations = [
            operation
            for operation in (result.ok() for result in schema.get_all_operations())
            if MEMBER_TAGS & set(operation.tags or ())
        ]
        assert len(operations) >= 4
        seen = _run_all(operations, ids, headers)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert {200, 404, 422} <= seen, seen


def _run_all(operations, ids: dict, headers: dict) -> set[int]:
    checks = [not_a_server_error, response_schema_conformance]
    seen: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy(), real=st.booleans())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case, real):
            if real and case.path_parameters:
                case.path_parameters = {name: ids[name] for name in case.path_parameters}
            response = case.call(headers=headers)
            seen.add(response.status_code)
            case.validate_response(response, checks=checks)

        run()
    return seen
