"""`python -m bench.soak`: the soak run of the trust issue, on the national dataset.

For SOAK_MINUTES (30) the app serves, through gunicorn as in `make bench`:
- the mixed read load of bench.run (wrk, as fast as the server answers), and, at the same
  time,
- writes at a steady rate through the REST API, as phones and provincial systems send
  them: branch meetings recorded with their roll call (a service account of the big
  province), QR check-ins to activities and confirmations of documents (members, each with
  their own token).

Every write the server acknowledged is then looked for in the database (nothing lost),
and every response is counted (0 errors: no 5xx, no refused connection, no timeout). The
resident memory of the gunicorn workers is sampled each minute: growth after the warm-up
is reported. The figures go into docs/performance.md (section "Soak").

The activities, documents, member accounts and tokens the run needs are made first, with
the apps' services, in a grassroots union of the big province, and stay in the dataset
(they are small); the meetings recorded are the branches' meetings of months already past.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from . import samples as sampling
from .generate import database_url, require_postgres, setup_django
from .run import FLOOR_SECONDS, THREADS, mixed_lines, wrk
from .server import HOST, PORT_DEFAULT, ROOT, Server, collectstatic, get, login

SOAK_MINUTES = int(os.getenv("SOAK_MINUTES", "30"))
WRITES_PER_SECOND = float(os.getenv("SOAK_WRITES_PER_SECOND", "6"))  # all kinds together
MEMBERS = 150
ACTIVITIES = 40
DOCUMENTS = 40
BRANCHES = 800
PORT = PORT_DEFAULT
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:soak -->", "<!-- /bench:soak -->"


def log(text: str) -> None:
    print(text, flush=True)


# --- what the writes need -----------------------------------------------------------


@dataclass
class Fixture:
    union_id: int
    member_tokens: list[tuple[int, str]]  # (member id, raw token)
    checkin_tokens: list[tuple[int, str]]  # (activity id, QR token)
    dispatch_ids: list[int]
    service_token: str
    branches: list[int]


def prepare(url: str, run: str) -> Fixture:
    """Activities, documents, member accounts with tokens and a service account, made
    through the apps' services in the grassroots union of the big province with the most
    members."""
    setup_django(url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from chudong.access.models import Role
    from chudong.activities.services import activity_create, checkin_token
    from chudong.api.services import service_account_create, token_create_personal
    from chudong.dissemination.services import dispatch_send
    from chudong.members.models import Member
    from chudong.orgs.models import Unit

    from .world import staff_username

    province = Unit.objects.get(code=sampling.BIG_PROVINCE)
    staff = get_user_model().objects.get(username=staff_username(sampling.BIG_PROVINCE, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM orgs_unit u JOIN orgs_unitkind k ON k.id = u.kind_id "
            "JOIN members_unitmembercount c ON c.unit_id = u.id "
            "WHERE k.is_grassroots AND NOT k.is_branch AND u.path >= %s AND u.path < %s "
            "ORDER BY c.subtree_active DESC LIMIT 1",
            [province.path, province.path + "~"],
        )
        union = Unit.objects.get(pk=cursor.fetchone()[0])
    members = list(
        Member.objects.filter(
            unit_path__startswith=union.path, status="active", user__isnull=True
        ).order_by("pk")[:MEMBERS]
    )
    users = get_user_model()
    tokens = []
    for member in members:
        name = f"soak-{run}-{member.pk}"
        user = users.objects.create_user(name, None, full_name=member.full_name)
        Member.objects.filter(pk=member.pk).update(user=user)
        tokens.append((member.pk, token_create_personal(actor=user, name=f"soak {run}")[1]))
    now = timezone.now()
    checkins = []
    for n in range(ACTIVITIES):
        activity = activity_create(
            actor=staff, unit=union, kind="volunteer", title=f"Soak {run}: hoạt động {n + 1}",
            starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(hours=4),
            place="Nhà văn hoá",
        )  # fmt: skip
        checkins.append((activity.pk, checkin_token(activity)))
    dispatches = []
    for n in range(DOCUMENTS):
        dispatch = dispatch_send(
            actor=staff, unit=union, title=f"Soak {run}: văn bản {n + 1}", kind="plan",
            issued_on=timezone.localdate(), issuer=union.name,
        )  # fmt: skip
        dispatches.append(dispatch.pk)
    central = get_user_model().objects.get(username="tw.admin")
    _token, service = service_account_create(
        actor=central, unit=province, role=Role.objects.get(code="staff"), name=f"Soak {run}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM orgs_unit u JOIN orgs_unitkind k ON k.id = u.kind_id "
            "WHERE k.is_branch AND u.status = 'active' AND u.path >= %s AND u.path < %s "
            "ORDER BY md5(u.id::text) LIMIT %s",
            [province.path, province.path + "~", BRANCHES],
        )
        branches = [row[0] for row in cursor.fetchall()]
    return Fixture(union.pk, tokens, checkins, dispatches, service, branches)


# --- the writer -----------------------------------------------------------------------


@dataclass
class Writes:
    sent: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    checkins: set = field(default_factory=set)  # (activity id, member id)
    acks: set = field(default_factory=set)  # (dispatch id, member id)
    meetings: dict = field(default_factory=dict)  # meeting id → roll-call size


def write_jobs(fixture: Fixture, seed: int = 11):
    """Every write the run may send, in a shuffled order; each is sent once."""
    rng = random.Random(seed)
    checkins = [
        ("checkin", member, token, {"token": qr}, activity)
        for member, token in fixture.member_tokens
        for activity, qr in fixture.checkin_tokens
    ]
    acks = [
        ("ack", member, token, {"document_id": dispatch}, dispatch)
        for member, token in fixture.member_tokens
        for dispatch in fixture.dispatch_ids
    ]
    today = dt.date.today()
    months = [dt.date(today.year, m, 10) for m in range(1, today.month)]
    meetings = [
        ("meeting", branch, fixture.service_token, {
            "held_on": day.isoformat(), "mode": "in_person", "topic": "Sinh hoạt chi đoàn",
        }, day)
        for branch in fixture.branches for day in months
    ]  # fmt: skip
    for jobs in (checkins, acks, meetings):
        rng.shuffle(jobs)
    return [checkins, acks, meetings]


def writer(port: int, fixture: Fixture, stop: threading.Event, writes: Writes) -> None:
    """Sends the writes at WRITES_PER_SECOND, the three kinds in turn, on one keep-alive
    connection, and records what the server acknowledged."""
    queues = write_jobs(fixture)
    interval = 1 / WRITES_PER_SECOND
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    turn = 0
    next_at = time.monotonic()
    while not stop.is_set() and any(queues):
        queue = queues[turn % 3]
        turn += 1
        if not queue:
            continue
        kind, key, token, body, extra = queue.pop()
        path = {
            "checkin": "/api/v1/activities/check-in",
            "ack": "/api/v1/documents/acknowledge",
            "meeting": f"/api/v1/units/{key}/meetings",
        }[kind]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        writes.sent[kind] += 1
        try:
            connection.request("POST", path, body=json.dumps(body), headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            writes.errors.append(f"{kind} {path}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        else:
            writes.statuses[(kind, response.status)] += 1
            if response.status >= 500:
                writes.errors.append(f"{kind} {path}: HTTP {response.status} {data[:200]!r}")
            elif response.status in (200, 201):
                answer = json.loads(data)
                if kind == "checkin":
                    writes.checkins.add((answer["activity_id"], key))
                elif kind == "ack":
                    writes.acks.add((extra, key))
                else:
                    roll = answer["present"] + answer["excused"] + answer["unexcused"]
                    writes.meetings[answer["id"]] = roll
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    connection.close()


# --- memory ---------------------------------------------------------------------------


def worker_rss(master_pid: int) -> int:
    """Resident memory of the gunicorn workers (children of the master), in kB."""
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    total = 0
    for pid in children:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


# --- checks after the run ---------------------------------------------------------------


def verify(writes: Writes, fixture: Fixture) -> dict[str, tuple[int, int]]:
    """{kind: (acknowledged by the server, found in the database)}."""
    from django.db.models import Count

    from chudong.activities.models import Participation
    from chudong.dissemination.models import Acknowledgement
    from chudong.meetings.models import Attendance, Meeting

    activities = [a for a, _qr in fixture.checkin_tokens]
    stored = set(
        Participation.objects.filter(activity_id__in=activities, member__isnull=False).values_list(
            "activity_id", "member_id"
        )
    )
    acks = set(
        Acknowledgement.objects.filter(dispatch_id__in=fixture.dispatch_ids).values_list(
            "dispatch_id", "member_id"
        )
    )
    rolls = dict(
        Attendance.objects.filter(meeting_id__in=list(writes.meetings))
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values_list("meeting_id", "n")
    )
    held = set(
        Meeting.objects.filter(pk__in=list(writes.meetings), held_on__isnull=False).values_list(
            "pk", flat=True
        )
    )
    meetings_found = sum(
        1 for pk, roll in writes.meetings.items() if pk in held and rolls.get(pk, 0) == roll
    )
    return {
        "check-ins": (len(writes.checkins), len(writes.checkins & stored)),
        "document confirmations": (len(writes.acks), len(writes.acks & acks)),
        "meetings recorded (with roll call)": (len(writes.meetings), meetings_found),
    }


# --- report -----------------------------------------------------------------------------


def render(result: dict) -> str:
    lines = [
        BEGIN,
        f"Soak run of {result['started']} ({result['minutes']} min, commit {result['commit']}), "
        f"`{result['command']}`; load average before {result['load_before']}, "
        f"after {result['load_after']}.",
        "",
        "| measure | figure | target | met |",
        "| --- | --- | --- | --- |",
    ]

    def row(name: str, figure: str, target: str, ok: bool | None) -> None:
        mark = "" if ok is None else ("✅" if ok else "❌")
        lines.append(f"| {name} | {figure} | {target} | {mark} |")

    reads = result["reads"]
    row(
        "Mixed reads (wrk, as fast as answered)",
        f"{reads['requests']:,} requests, {reads['rps']:.0f} req/s, p50 "
        f"{reads['p50_us'] / 1000:.0f} ms / p95 {reads['p95_us'] / 1000:.0f} ms / p99 "
        f"{reads['p99_us'] / 1000:.0f} ms",
        "",
        None,
    )
    row("Reads: errors (connect, read, write, timeout, non-2xx)", str(reads["errors"]), "0",
        reads["errors"] == 0)  # fmt: skip
    sent = result["writes_sent"]
    rate = sum(sent.values()) / (result["minutes"] * 60)
    total, minimal = reads["rps"] + rate, result["minimal_rps"]
    row(
        "Rate held for the whole run: reads + writes, against the mixed load's target "
        "(the minimal page measured after the soak, 3 × 30 s)",
        f"{total:.0f} req/s ({total / minimal:.2f} × the minimal page's {minimal:.0f} req/s)",
        "≥ 0.5 × minimal",
        total >= 0.5 * minimal,
    )
    row(
        f"Writes sent through the API (one connection, each waiting for its answer: "
        f"{rate:.1f}/s, {WRITES_PER_SECOND:g}/s asked)",
        ", ".join(f"{kind} {n:,}" for kind, n in sorted(sent.items())),
        "",
        None,
    )
    row("Writes: server errors or failed connections", str(len(result["write_errors"])), "0",
        not result["write_errors"])  # fmt: skip
    row("Writes: answers by status", result["write_statuses"], "2xx", None)
    for kind, (acknowledged, found) in result["verified"].items():
        row(f"Nothing lost: {kind}", f"{found:,} of {acknowledged:,} acknowledged found",
            "all", found == acknowledged and acknowledged > 0)  # fmt: skip
    rss = result["rss_mb"]
    row(
        "Memory of the 4 workers (RSS): after warm-up → end (max)",
        f"{rss['warm']:.0f} MB → {rss['end']:.0f} MB ({rss['max']:.0f} MB); growth "
        f"{rss['growth']:+.1f}%",
        "≤ +10%",
        rss["growth"] <= 10,
    )
    lines.append(END)
    return "\n".join(lines)


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Soak (trust issue): 30 minutes of reads and writes\n\n"
        text += section + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=database_url())
    parser.add_argument("--minutes", type=float, default=SOAK_MINUTES)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    require_postgres(args.database)
    started = dt.datetime.now(dt.UTC)
    run = started.strftime("%Y%m%d%H%M")
    load_before = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    # The QR check-in tokens are signed here and checked by the server: one key for both.
    os.environ["BENCH_SECRET_KEY"] = os.environ["SECRET_KEY"] = secrets.token_urlsafe(40)
    fixture = prepare(args.database, run)
    log(
        f"soak: {len(fixture.member_tokens)} members with tokens, "
        f"{len(fixture.checkin_tokens)} activities, {len(fixture.dispatch_ids)} documents, "
        f"{len(fixture.branches)} branches"
    )
    with psycopg.connect(args.database) as connection:
        s = sampling.load(connection)
    lines = mixed_lines(s)
    seconds = int(args.minutes * 60)
    writes = Writes()
    samples: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory(prefix="chudong-static-") as static_root:
        collectstatic(static_root, args.database)
        server = Server(
            database_url=args.database, settings="chudong.settings", static_root=static_root,
            port=PORT,
        )  # fmt: skip
        with server:
            cookies = [login(PORT, s.staff_user, s.password), login(PORT, "tw.admin", s.password)]
            for line in lines:  # every page answers before the clock starts (warm-up)
                session, path = line.split(" ", 1)
                get(PORT, path, cookie=cookies[int(session) - 1])
            stop = threading.Event()
            thread = threading.Thread(target=writer, args=(PORT, fixture, stop, writes))
            reads: dict = {}
            load = threading.Thread(target=lambda: reads.update(wrk(PORT, lines, cookies, seconds)))
            clock = time.monotonic()
            thread.start()
            load.start()
            while load.is_alive():
                load.join(timeout=60)
                samples.append((time.monotonic() - clock, worker_rss(server.process.pid)))
                log(
                    f"  {samples[-1][0] / 60:.0f} min: workers {samples[-1][1] / 1024:.0f} MB, "
                    f"writes {sum(writes.sent.values()):,}, errors {len(writes.errors)}"
                )
            stop.set()
            thread.join()
        # The target rate is the mixed load's target in `make bench`: at least half the
        # minimal page's throughput, measured here on the same machine right after.
        with Server(
            database_url=args.database, settings="bench.floor_settings",
            static_root=static_root, port=PORT,
        ):  # fmt: skip
            minimal = statistics.median(
                wrk(PORT, [f"0 /minimal/{s.provinces[sampling.BIG_PROVINCE].path}/"], [],
                    FLOOR_SECONDS)["rps"]
                for _ in range(3)
            )  # fmt: skip
        log(f"  floor minimal: {minimal:.0f} req/s")
    verified = verify(writes, fixture)
    warm = [kb for t, kb in samples if t >= min(300, seconds / 3)] or [samples[-1][1]]
    rss = {
        "warm": warm[0] / 1024,
        "end": samples[-1][1] / 1024,
        "max": max(kb for _t, kb in samples) / 1024,
        "growth": (samples[-1][1] - warm[0]) / warm[0] * 100,
    }
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "started": started.strftime("%d/%m/%Y %H:%M UTC"),
        "minutes": args.minutes,
        "commit": commit,
        "command": f"python -m bench.soak --minutes {args.minutes:g}",
        "load_before": load_before,
        "load_after": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "reads": reads,
        "writes_sent": dict(writes.sent),
        "write_statuses": ", ".join(
            f"{kind} {status}: {n:,}" for (kind, status), n in sorted(writes.statuses.items())
        ),
        "write_errors": writes.errors,
        "verified": verified,
        "rss_mb": rss,
        "minimal_rps": minimal,
    }
    section = render(result)
    print(section)
    for error in writes.errors[:20]:
        log(f"  write error: {error}")
    if not args.no_doc:
        write_doc(section)
    ok = (
        reads["rps"] + sum(writes.sent.values()) / seconds >= 0.5 * minimal
        and reads["errors"] == 0
        and not writes.errors
        and all(found == acknowledged > 0 for acknowledged, found in verified.values())
        and rss["growth"] <= 10
    )
    log(f"soak: {'passed' if ok else 'FAILED'} (threads {THREADS})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
