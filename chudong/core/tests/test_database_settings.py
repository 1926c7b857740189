"""settings.database_from_url: what every PostgreSQL connection of chudong is opened with."""

from __future__ import annotations

import pytest
from django.db import connection

from chudong.settings import database_from_url


def test_postgres_connections_plan_cursors_for_their_whole_result_and_without_workers():
    options = database_from_url("postgres://chudong@db.internal:5432/chudong")["OPTIONS"]
    assert options["options"] == "-c cursor_tuple_fraction=1 -c max_parallel_workers_per_gather=0"


def test_options_given_in_the_url_are_kept_beside_it():
    url = "postgres://chudong@db/chudong?sslmode=require&options=-c%20statement_timeout%3D5000"
    options = database_from_url(url)["OPTIONS"]
    assert options["options"] == (
        "-c cursor_tuple_fraction=1 -c max_parallel_workers_per_gather=0 -c statement_timeout=5000"
    )
    assert options["sslmode"] == "require"


@pytest.mark.django_db
def test_the_server_takes_the_setting():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone()[0] == "1"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
