"""Where the mixed load's CPU goes: gunicorn's workers against PostgreSQL.

    python -m bench.cpu [SECONDS]

Serves the benchmark dataset as `make bench` does, sends its mixed read load with wrk for
SECONDS (default 20) after one warm-up pass, and reads the CPU time of the gunicorn and
PostgreSQL processes from /proc before and after (a backend's time stays counted after it
exits, in its parent's children times). Prints requests per second and, for each, the
share of a core and the milliseconds of CPU per request. On this 2-core machine the
mixed load reaches 0.5 × the minimal page when the two add up to about 24 ms.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

import psycopg

from bench import run, server
from bench import samples as sampling
from bench.generate import database_url

GROUPS = ("gunicorn", "postgres")


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (own and reaped children's) of the processes of each group."""
    tick = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys(GROUPS, 0.0)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat_file:
                stat = stat_file.read()
            with open(f"/proc/{pid}/cmdline", "rb") as cmd_file:
                command = cmd_file.read().decode(errors="replace")
        except OSError:  # exited meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        spent = sum(int(value) for value in fields[11:15]) / tick
        for group in GROUPS:
            if group in name or group in command:
                totals[group] += spent
                break
    return totals


def main(argv: list[str]) -> int:
    seconds = int(argv[0]) if argv else 20
    url = database_url()
    with psycopg.connect(url) as connection:
        s = sampling.load(connection)
    lines = run.mixed_lines(s)
    port = server.PORT_DEFAULT
    with tempfile.TemporaryDirectory(prefix="chudong-static-") as static_root:
        server.collectstatic(static_root, url)
        with server.Server(
            database_url=url, settings="chudong.settings", static_root=static_root, port=port
        ):
            cookies = [
                server.login(port, s.staff_user, s.password),
                server.login(port, s.central_user, s.password),
            ]
            for line in lines:  # warm-up
                session, path = line.split(" ", 1)
                server.get(port, path, cookie=cookies[int(session) - 1])
            before, started = cpu_seconds(), time.monotonic()
            summary = run.wrk(port, lines, cookies, seconds)
            after, elapsed = cpu_seconds(), time.monotonic() - started
    requests = summary["rps"] * seconds
    print(f"{summary['rps']:.1f} requests/s over {seconds} s, errors {summary['errors']}")
    for group in GROUPS:
        spent = after[group] - before[group]
        print(
            f"{group:9} {spent / elapsed:.2f} cores, {spent / requests * 1000:.2f} ms CPU a request"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
