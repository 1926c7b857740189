"""Bench-only instrumentation (bench.settings): server time, SQL time and the main
query's time of each request, as response headers the benchmark reads."""

from __future__ import annotations

import time

from django.db import connection

# The main queries of a list page: the statements that read the member table.
MAIN_TABLE = 'FROM "members_member"'


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries: list[tuple[str, float]] = []

        def record(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((sql, time.perf_counter() - started))

        started = time.perf_counter()
        with connection.execute_wrapper(record):
            response = self.get_response(request)
            if hasattr(response, "render") and callable(response.render):
                response.render()
        total = time.perf_counter() - started
        sql = sum(duration for _statement, duration in queries)
        main = sum(duration for statement, duration in queries if MAIN_TABLE in statement)
        response["X-Bench-Total-Us"] = str(int(total * 1e6))
        response["X-Bench-Sql-Us"] = str(int(sql * 1e6))
        response["X-Bench-Main-Us"] = str(int(main * 1e6))
        response["X-Bench-Queries"] = str(len(queries))
        return response
