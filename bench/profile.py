"""Where the mixed read load's time goes, in one process, without a server.

    python -m bench.profile [--passes N] [--filter REGEX] [--cprofile FILE] [--templates]
                            [--queries]

Runs the lines of `make bench`'s mixed load (`bench.run.mixed_lines`) through Django's test
client against the benchmark dataset (BENCH_DATABASE_URL), with the server's settings
(DEBUG off), one request after another. It prints the time per kind of page (paths with
their numbers replaced by N) and its share of the whole; with --templates the time spent
rendering each template (nested templates counted in their parents too); with --queries the
time per SQL statement's call site; with --cprofile a profile of the passes for pstats.

The first pass warms the process (caches, compiled templates) and is not counted. Times are
wall-clock and include PostgreSQL's answer, as a gunicorn worker would see them.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import gc
import os
import re
import sys
import tempfile
import time
import traceback

NUMBER = re.compile(r"\d+")
STATIC_ROOT = os.path.join(tempfile.gettempdir(), "chudong-profile-static")


def configure(database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "chudong.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-profile-only",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "BEHIND_PROXY": "0",
            "CHUDONG_2FA_ENFORCED": "0",
            "STATIC_ROOT": os.environ.get("STATIC_ROOT") or STATIC_ROOT,
            "CHUDONG_TESTING": "0",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    if not os.path.exists(os.path.join(os.environ["STATIC_ROOT"], "staticfiles.json")):
        call_command("collectstatic", interactive=False, verbosity=0)


def kind(path: str) -> str:
    """A path with its numbers and cursor replaced: one row per kind of page."""
    path = re.sub(r"after=[^&]+", "after=K", path)
    return NUMBER.sub("N", path)


class TemplateTimer:
    """Time per template name, by wrapping django.template.base.Template.render."""

    def __init__(self):
        from django.template import base

        self.times: dict[str, float] = collections.defaultdict(float)
        self.counts: dict[str, int] = collections.defaultdict(int)
        self._base = base
        self._render = base.Template.render
        timer = self

        def render(template, context):
            started = time.perf_counter()
            try:
                return timer._render(template, context)
            finally:
                timer.times[template.name or "?"] += time.perf_counter() - started
                timer.counts[template.name or "?"] += 1

        base.Template.render = render

    def report(self, total: float, requests: int) -> None:
        print("\ntemplate                                              ms/request  renders  share")
        for name, spent in sorted(self.times.items(), key=lambda kv: -kv[1])[:30]:
            print(
                f"{name[:52]:52} {spent / requests * 1000:10.2f} {self.counts[name]:8d} "
                f"{spent / total:6.1%}"
            )


class QueryTimer:
    """Time per SQL call site (the first frame in chudong/ outside the database layer)."""

    def __init__(self):
        self.times: dict[str, float] = collections.defaultdict(float)
        self.counts: dict[str, int] = collections.defaultdict(int)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            site = "?"
            for frame in reversed(traceback.extract_stack(limit=40)[:-1]):
                if "/chudong/" in frame.filename and "/site-packages/" not in frame.filename:
                    site = f"{frame.filename.split('/chudong/', 1)[1]}:{frame.lineno} {frame.name}"
                    break
            self.times[site] += spent
            self.counts[site] += 1

    def report(self, total: float, requests: int) -> None:
        print("\nquery call site                                       ms/request  queries  share")
        for site, spent in sorted(self.times.items(), key=lambda kv: -kv[1])[:30]:
            print(
                f"{site[:52]:52} {spent / requests * 1000:10.2f} {self.counts[site]:8d} "
                f"{spent / total:6.1%}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=1, help="counted passes over the mix")
    parser.add_argument("--filter", default="", help="only the lines whose path matches")
    parser.add_argument("--cprofile", default="", help="write a cProfile of the passes here")
    parser.add_argument("--templates", action="store_true", help="time per template")
    parser.add_argument("--queries", action="store_true", help="time per SQL call site")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() after the warm-up, as the server"
    )
    args = parser.parse_args(argv)

    from bench.generate import database_url

    url = database_url()
    configure(url)

    import psycopg
    from django.db import connection
    from django.test import Client

    from bench import run
    from bench import samples as sampling
    from chudong.accounts.models import User

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        s = sampling.load(conn)
    lines = [line.split(" ", 1) for line in run.mixed_lines(s)]
    if args.filter:
        lines = [(who, path) for who, path in lines if re.search(args.filter, path)]
    clients = {}
    backend = "chudong.accounts.backends.UsernameEmailPhoneBackend"
    for session, username in (("1", s.staff_user), ("2", s.central_user)):
        client = Client()
        client.force_login(User.objects.get(username=username), backend=backend)
        clients[session] = client

    def one_pass(times=None) -> None:
        for session, path in lines:
            started = time.perf_counter()
            response = clients[session].get(path)
            spent = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            if times is not None:
                times[kind(path)].append(spent)

    one_pass()  # warm-up: not counted
    if args.gc_freeze:
        gc.freeze()
    gc_time = [0.0, 0]

    def gc_timer(phase, info):
        if phase == "start":
            gc_timer.started = time.perf_counter()
        else:
            gc_time[0] += time.perf_counter() - gc_timer.started
            gc_time[1] += 1

    gc.callbacks.append(gc_timer)
    templates = TemplateTimer() if args.templates else None
    queries = QueryTimer() if args.queries else None
    times: dict[str, list[float]] = collections.defaultdict(list)
    profiler = cProfile.Profile() if args.cprofile else None
    started = time.perf_counter()
    # Keep the context manager referenced: its wrapper is removed when it is collected.
    wrapper = connection.execute_wrapper(queries) if queries else None
    if wrapper:
        wrapper.__enter__()
    if profiler:
        profiler.enable()
    for _ in range(args.passes):
        one_pass(times)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.cprofile)
    if wrapper:
        wrapper.__exit__(None, None, None)
    total = time.perf_counter() - started
    gc.callbacks.remove(gc_timer)
    requests = sum(len(v) for v in times.values())
    print(f"{requests} requests in {total:.1f} s: {total / requests * 1000:.1f} ms/request")
    print(f"garbage collector: {gc_time[1]} runs, {gc_time[0] / total:.1%} of the time")
    print("\nkind of page                                          requests  ms each  share")
    for name, spent in sorted(times.items(), key=lambda kv: -sum(kv[1])):
        print(
            f"{name[:52]:52} {len(spent):9d} {sum(spent) / len(spent) * 1000:8.1f} "
            f"{sum(spent) / total:6.1%}"
        )
    if templates:
        templates.report(total, requests)
    if queries:
        queries.report(total, requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
