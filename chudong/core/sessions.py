"""Django's database sessions, read with one SQL statement written once per process
(`core.sql`).

Every request of a logged-in person loads its session first; through the ORM that read
was built again each time (~1 ms of the request's own time). Writing, expiry and
everything else are Django's own `db` session store.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from chudong.core.sql import cursor as prepared_cursor
from chudong.core.sql import statement


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if not self.session_key:
            self._session_key = None
            return None
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with prepared_cursor() as cursor:
            cursor.execute(
                statement(
                    "SELECT session_data FROM {session} "
                    "WHERE session_key = %s AND expire_date > %s",
                    session=self.model,
                ),
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return SimpleNamespace(session_data=row[0])
