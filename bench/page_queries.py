"""The SQL of one page of the benchmark dataset, with the time of each statement.

    python -m bench.page_queries PATH [1|2]

PATH may hold UNION, MEMBER or HCM, replaced by a sampled grassroots union of HCM, a
sampled member of HCM and HCM itself; 1 (default) is HCM's staff, 2 the central admin.
The page is fetched once to warm the process up, then three times; the last is printed.
"""

from __future__ import annotations

import sys
import time

from bench import profile
from bench.generate import database_url


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    url = database_url()
    profile.configure(url)

    import psycopg
    from django.db import connection
    from django.test import Client

    from bench import samples as sampling
    from chudong.accounts.models import User

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        s = sampling.load(conn)
    username = s.central_user if argv[1:] == ["2"] else s.staff_user
    client = Client()
    client.force_login(
        User.objects.get(username=username),
        backend="chudong.accounts.backends.UsernameEmailPhoneBackend",
    )
    path = (
        argv[0]
        .replace("UNION", str(s.grassroots[0].id))
        .replace("MEMBER", str(s.members[0]))
        .replace("HCM", str(s.provinces["HCM"].id))
    )
    client.get(path)
    log: list[tuple[float, str, object]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append(((time.perf_counter() - started) * 1000, sql, params))

    for _ in range(3):
        log.clear()
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            response = client.get(path)
            total = (time.perf_counter() - started) * 1000
    sql_ms = sum(entry[0] for entry in log)
    print(
        f"{path}: HTTP {response.status_code}, {total:.1f} ms, "
        f"SQL {sql_ms:.1f} ms, {len(log)} queries"
    )
    for spent, sql, params in log:
        print(f"{spent:6.2f}  {sql[:400]}  {str(params)[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
