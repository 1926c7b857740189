"""Longest tests first, spread over the xdist workers.

`make test` runs `pytest -n auto --dist worksteal`: the scheduler first hands each worker an
equal, contiguous share of the collected tests, then lets an idle worker steal from the
tail of a busy one's queue. A test that takes minutes and starts last keeps its worker busy
long after the other has finished; so the known long tests (weights below: seconds on a
loaded 2-core machine, from `--durations`) are dealt greedily over the workers' shares and
put at the head of each share, and everything else follows in its collected order.

Only the order changes: every test still runs, on whichever worker.
"""

from __future__ import annotations

# Seconds, roughly; exact node ids first, then the longest matching prefix.
WEIGHTS = {
    # Seeds the shared demo (tests/template_db.py) for itself and the seed test, which
    # keeps no weight so that it runs later, when the demo is there.
    "tests/faults/test_backup_restore.py::test_the_demo_round_trips": 150,
    "tests/test_access_matrix.py::test_pages_in_scope_open_and_never_name_units_outside_scope"
    "[central_admin-": 35,
    "tests/test_access_matrix.py::test_pages_in_scope_open_and_never_name_units_outside_scope": 15,
    "tests/test_access_matrix.py::test_scoped_views_answer_404_outside_scope": 10,
    "tests/browser/test_demo_roles.py::": 45,
    "tests/browser/test_recognition_demo_cycle.py::": 36,
    "tests/browser/": 15,
    "chudong/privacy/tests/test_browser.py::": 10,
    "chudong/api/tests/test_schemathesis.py::test_generated_requests": 35,
    "chudong/api/tests/test_schemathesis.py::": 10,
    "chudong/api/tests/test_scope_walk.py::": 4,
    "tests/security/test_configuration.py::test_every_page_carries": 15,
    "tests/security/test_configuration.py::test_check_deploy": 8,
    "chudong/dues/tests/test_remittance.py::test_the_ledger": 12,
    "chudong/ratings/tests/test_queries.py::": 7,
    "chudong/orgs/tests/test_views.py::test_it_merges": 8,
    "tests/security/test_rate_limits.py::test_production": 7,
    "chudong/imports/tests/test_import.py::test_it_checks_and_imports_a_big": 5,
}


def weight(nodeid: str) -> float:
    best = ""
    for prefix in WEIGHTS:
        if nodeid.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return WEIGHTS[best] if best else 0


def _shares(total: int, workers: int) -> list[int]:
    """The sizes of the first shares the work-stealing scheduler sends (xdist 3.x:
    len(pending) // nodes_remaining to each idle node in turn)."""
    sizes, left = [], total
    for remaining in range(workers, 0, -1):
        sizes.append(left // remaining)
        left -= sizes[-1]
    return sizes


def _dist(args: list[str]) -> str | None:
    """The --dist the run was started with (a worker's own option says "no")."""
    for index, arg in enumerate(args):
        if arg.startswith("--dist="):
            return arg.split("=", 1)[1]
        if arg == "--dist" and index + 1 < len(args):
            return args[index + 1]
    return None


def pytest_collection_modifyitems(config, items):
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None or _dist([str(a) for a in config.invocation_params.args]) != "worksteal":
        return  # one process, or a scheduler that deals tests its own way
    workers = int(workerinput.get("workercount", 1))
    if workers < 2 or len(items) < 2 * workers:
        return
    heavy = sorted((i for i in items if weight(i.nodeid)), key=lambda i: -weight(i.nodeid))
    light = [i for i in items if not weight(i.nodeid)]
    sizes = _shares(len(items), workers)
    bins: list[list] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for item in heavy:  # the longest first, each to the least loaded share with room
        open_bins = [b for b in range(workers) if len(bins[b]) < sizes[b]]
        target = min(open_bins, key=lambda b: loads[b])
        bins[target].append(item)
        loads[target] += weight(item.nodeid)
    ordered = []
    for b in range(workers):
        take = sizes[b] - len(bins[b])
        ordered += bins[b] + light[:take]
        light = light[take:]
    assert len(ordered) == len(items) and not light
    items[:] = ordered
