"""Bulk loading into PostgreSQL: COPY streams, explicit ids, and secondary indexes dropped
around a big load and rebuilt afterwards (two at a time: this machine has two cores).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import psycopg


class CopySink:
    """Lines of COPY text per table, flushed in chunks through `COPY ... FROM STDIN`.

    The generator appends tab-separated lines (no escaping needed: generated text holds
    no tab, newline or backslash) to `lines(table)`, and calls `maybe_flush()` now and
    then. With `threaded=True` a second thread runs the COPY statements on its own
    connection while the generator goes on, so Python and PostgreSQL work at the same
    time (one core each); otherwise each flush runs on `connection` at once (used inside
    a test's transaction).
    """

    def __init__(
        self,
        connection: psycopg.Connection,
        *,
        threaded: bool,
        flush_lines: int = 200_000,
    ) -> None:
        self.connection = connection
        self.threaded = threaded
        self.flush_lines = flush_lines
        self._columns: dict[str, Sequence[str]] = {}
        self._lines: dict[str, list[str]] = {}
        self.rows: dict[str, int] = {}
        self._queue: queue.Queue | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        if threaded:
            self._queue = queue.Queue(maxsize=4)
            self._thread = threading.Thread(target=self._worker, name="copy", daemon=True)
            self._thread.start()

    def lines(self, table: str, columns: Sequence[str]) -> list[str]:
        if table not in self._lines:
            self._columns[table] = tuple(columns)
            self._lines[table] = []
            self.rows[table] = 0
        return self._lines[table]

    def maybe_flush(self) -> None:
        for table, lines in self._lines.items():
            if len(lines) >= self.flush_lines:
                self._flush(table)

    def flush(self) -> None:
        for table in list(self._lines):
            self._flush(table)

    def close(self) -> None:
        """Flush everything and wait until PostgreSQL has taken it."""
        self.flush()
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def _flush(self, table: str) -> None:
        lines = self._lines[table]
        if not lines:
            return
        self.rows[table] += len(lines)
        data = "\n".join(lines) + "\n"
        lines.clear()  # the generator holds this list's append: keep the same object
        statement = f'COPY "{table}" ({", ".join(self._columns[table])}) FROM STDIN'
        if self._queue is None:
            _copy(self.connection, statement, data)
            return
        if self._error is not None:
            raise self._error
        self._queue.put((statement, data))

    def _worker(self) -> None:
        assert self._queue is not None
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is not None:
                continue
            try:
                _copy(self.connection, *item)
            except BaseException as error:  # reported by the main thread
                self._error = error


def _copy(connection: psycopg.Connection, statement: str, data: str) -> None:
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        copy.write(data.encode())


def next_id(cursor, table: str, column: str = "id") -> int:
    cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) + 1 FROM "{table}"')
    return cursor.fetchone()[0]


def sync_sequences(cursor, tables: Iterable[str]) -> None:
    """Explicit ids were loaded: move each identity sequence past the highest id."""
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            f'GREATEST((SELECT MAX(id) FROM "{table}"), 1))',
            [table],
        )


# --- secondary indexes ---------------------------------------------------------------


@dataclass
class Index:
    table: str
    name: str
    create: str  # the statement that rebuilds it
    drop: str
    gin: bool


def secondary_indexes(cursor, tables: Iterable[str]) -> list[Index]:
    """Every index of `tables` except primary keys, with the SQL that recreates it as it
    was (a unique constraint stays a constraint, under its own name)."""
    cursor.execute(
        """
        SELECT t.relname, i.relname, pg_get_indexdef(i.oid), c.conname,
               pg_get_constraintdef(c.oid), am.amname
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_am am ON am.oid = i.relam
        LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.contype IN ('u', 'p', 'x')
        WHERE t.relname = ANY(%s) AND NOT x.indisprimary
        ORDER BY t.relname, i.relname
        """,
        [list(tables)],
    )
    result = []
    for table, name, indexdef, constraint, condef, method in cursor.fetchall():
        if constraint:
            create = f'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" {condef}'
            drop = f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"'
        else:
            create = indexdef
            drop = f'DROP INDEX "{name}"'
        result.append(Index(table, name, create, drop, method == "gin"))
    return result


def rebuild_indexes(dsn: str, indexes: list[Index], *, workers: int = 2, log=print) -> None:
    """Create `indexes` on `workers` connections at once, biggest jobs first (GIN indexes
    are not built in parallel by PostgreSQL 15, so one worker takes them while the other
    builds the B-trees)."""
    jobs: queue.Queue = queue.Queue()
    for index in sorted(indexes, key=lambda i: (not i.gin, i.table != "members_member")):
        jobs.put(index)
    errors: list[BaseException] = []

    def work() -> None:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute("SET maintenance_work_mem = '1GB'")
            connection.execute("SET max_parallel_maintenance_workers = 0")
            while True:
                try:
                    index = jobs.get_nowait()
                except queue.Empty:
                    return
                started = time.monotonic()
                try:
                    connection.execute(index.create)
                except BaseException as error:
                    errors.append(error)
                    return
                log(f"    index {index.name} ({time.monotonic() - started:.0f} s)")

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def drop_secondary_indexes(connection: psycopg.Connection, tables) -> list[Index]:
    """Drop the secondary indexes of `tables` before a bulk load; returns them, for
    `rebuild_indexes` afterwards."""
    with connection.cursor() as cursor:
        indexes = secondary_indexes(cursor, tables)
        for index in indexes:
            cursor.execute(index.drop)
    return indexes
