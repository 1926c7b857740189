"""List pages run a fixed number of queries, however many rows they show."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chudong.access.policy import log_sensitive_read
from chudong.privacy import services


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_unit_register_does_not_grow_with_its_rows(world, login, make_member):
    client = login(world.secretary)
    url = f"/units/{world.unit('TA.G1').pk}/privacy/"

    def add(n):
        for _ in range(n):
            member = make_member()
            services.request_create(
                actor=world.secretary, member=member, kind="delete",
                received_on=dt.date(2026, 11, 2),
            )  # fmt: skip
            row = services.request_create(
                actor=world.secretary, member=member, kind="access",
                received_on=dt.date(2026, 11, 2),
            )  # fmt: skip
            services.request_respond(
                actor=world.secretary, request=row, outcome="done", response="Đã cung cấp."
            )

    add(2)
    few = _queries(client, url)
    add(6)
    assert _queries(client, url) == few


def test_the_read_log_does_not_grow_with_its_rows(world, login):
    client = login(world.dpo_a)
    url = f"/units/{world.unit('TA').pk}/privacy/read-log/"

    def add(n, unit_code):
        for i in range(n):
            log_sensitive_read(
                actor=world.secretary, subject_type="member", subject_id=i,
                subject_label=f"Người {i}", unit_path=world.unit(unit_code).path,
                fields=["religion"],
            )  # fmt: skip

    add(2, "TA.G1.B1")
    few = _queries(client, url)
    add(20, "TA.G1.B2")
    add(20, "TA.G2.B1")
    assert _queries(client, url) == few
