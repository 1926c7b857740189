"""The settings every PostgreSQL session of chudong starts with (a startup option of the
connection, `settings.database_from_url`). No Django import here: the settings module and
the benchmark's raw-SQL floors (which must plan as the app does) both read it.

- `cursor_tuple_fraction=1`: every server-side cursor chudong opens (the exports'
  `.iterator()`) reads its whole result, and outside a transaction Django declares it
  WITH HOLD, which computes every row before the first arrives. PostgreSQL plans cursors
  for their first 10 % of rows by default: a province's export then walked the national
  name-order index (56 s for 200,000 members) instead of its own subtree and a sort (2.6 s).
- `max_parallel_workers_per_gather=0`: pages ask small questions, and the database
  server's cores are busy with other requests. Under load a parallel plan's workers took
  10-15 ms to start for a query that runs in 0.13 ms alone (HCM's deep search walk,
  23/11/2026). The roll-up refresh, a bulk read of the whole register, asks for them
  again (`reports.rollups`).
"""

SESSION_OPTIONS = "-c cursor_tuple_fraction=1 -c max_parallel_workers_per_gather=0"
