"""Fault tests: real processes (manage.py, gunicorn, the task worker) against a real
database, and faults caused from outside (pg_terminate_backend, kill -9, a full disk).

Helpers here: scratch databases beside the test database, running manage.py in a
subprocess, a gunicorn server on the test database, and finding (then terminating) the
server-side connection of another process.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.template_db import PREFIX, ROOT, schema_hash

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pg_only = pytest.mark.skipif(
    not POSTGRES,
    reason="needs PostgreSQL (pg_terminate_backend and row locks across processes); "
    "CI runs it with DATABASE_URL=postgres://…",
)
SERVER_APP = "chudong-faults-server"
WORKER_APP = "chudong-faults-worker"


def url_for(settings_dict: dict, name: str | None = None) -> str:
    """A DATABASE_URL for the database `name` (default: the one of `settings_dict`)."""
    name = name or settings_dict["NAME"]
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"


def current_database_url() -> str:
    """The URL of the database the tests run on (pytest-django has renamed it)."""
    return url_for(connection.settings_dict)


def manage(*args: str, database_url: str, media_root: Path, testing: bool = True,
           timeout: float = 600, check: bool = True, **extra_env: str):  # fmt: skip
    """Run manage.py in a subprocess against `database_url`."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "CHUDONG_TESTING": "1" if testing else "0",
        **extra_env,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n"
            f"{result.stderr}"
        )
    return result


class Scratch:
    """Databases made for one test beside the test database, dropped afterwards."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.settings_dict = dict(connection.settings_dict)
        self.made: list[str] = []

    def _name(self, role: str) -> str:
        worker = os.getenv("PYTEST_XDIST_WORKER", "main")
        return f"{self.settings_dict['NAME']}_{role}_{worker}"[-63:].lstrip("_")

    def _admin(self):
        import psycopg

        keys = (("host", "HOST"), ("port", "PORT"), ("user", "USER"), ("password", "PASSWORD"))
        params = {k: self.settings_dict.get(v) or None for k, v in keys}
        return psycopg.connect(
            dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}
        )

    def empty(self, role: str) -> str:
        """A new database with nothing in it; its URL."""
        if not POSTGRES:
            path = self.tmp_path / f"{role}.sqlite3"
            path.unlink(missing_ok=True)
            return f"sqlite:///{path}"
        name = self._name(role)
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        self.made.append(name)
        return url_for(self.settings_dict, name)

    def migrated(self, role: str) -> str:
        """A new database with chudong's schema and reference data (no units); its URL.
        Cloned from the migrated template the test run made, or migrated here."""
        template = PREFIX + schema_hash()
        if not POSTGRES:
            path = self.tmp_path / f"{role}.sqlite3"
            source = ROOT / "var" / f"test-template-{template.removeprefix(PREFIX)}.sqlite3"
            if source.exists():
                shutil.copyfile(source, path)
                return f"sqlite:///{path}"
            url = f"sqlite:///{path}"
            manage("migrate", "--no-input", "-v0", database_url=url, media_root=self.tmp_path)
            return url
        name = self._name(role)
        with self._admin() as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [template]
            ).fetchone()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if exists:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            else:
                admin.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        url = url_for(self.settings_dict, name)
        if not exists:
            manage("migrate", "--no-input", "-v0", database_url=url, media_root=self.tmp_path)
        return url

    def demo(self, role: str, media_root: Path) -> str:
        """A new database holding the seeded demo province (seed_demo run once per test
        run, see tests/template_db.py), its uploaded files copied to `media_root`; its URL."""
        from tests.template_db import demo

        seeded = demo(self.settings_dict)
        shutil.copytree(seeded.media, media_root)
        if not POSTGRES:
            path = self.tmp_path / f"{role}.sqlite3"
            shutil.copyfile(seeded.url.removeprefix("sqlite:///"), path)
            return f"sqlite:///{path}"
        name = self._name(role)
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{seeded.url.rsplit("/", 1)[1]}"')
        self.made.append(name)
        return url_for(self.settings_dict, name)

    def drop_all(self) -> None:
        if not self.made:
            return
        with self._admin() as admin:
            for name in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path):
    made = Scratch(tmp_path)
    yield made
    made.drop_all()


def backends_of(application_name: str) -> list[int]:
    """Server-side process ids of the connections another process opened to the test
    database under `application_name` (libpq's PGAPPNAME)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s AND pid <> pg_backend_pid()",
            [application_name],
        )
        return [row[0] for row in cursor.fetchall()]


def wait_for_lock_wait(application_name: str, timeout: float = 60) -> int:
    """The pid of `application_name`'s connection once it waits for a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = %s AND wait_event_type = 'Lock'",
                [application_name],
            )
            row = cursor.fetchone()
        if row:
            return row[0]
        time.sleep(0.1)
    raise AssertionError(f"{application_name} never waited for the lock")


def terminate(pids: list[int]) -> None:
    """What a database restart does to these connections."""
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def wait_gone(pids: list[int], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids])
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"server processes {pids} are still there")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(media_root: Path) -> dict[str, str]:
    """Production settings (DEBUG=0) on plain HTTP over loopback, on the test database."""
    return {
        **os.environ,
        "DATABASE_URL": current_database_url(),
        "MEDIA_ROOT": str(media_root),
        "CHUDONG_TESTING": "1",
        "DEBUG": "0",
        # The sessions the test makes are checked against the same key.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CHUDONG_2FA_ENFORCED": "0",
        "BEHIND_PROXY": "0",
        "PGAPPNAME": SERVER_APP,
        "DB_CONN_MAX_AGE": "600",
    }


@pytest.fixture
def server(transactional_db, settings, tmp_path):
    """gunicorn with one synchronous worker (so one persistent database connection, kept
    between requests as in production) on the test database; yields its base URL."""
    import requests

    settings.MEDIA_ROOT = tmp_path / "media"
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "chudong.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120"],
        cwd=ROOT, env=server_env(settings.MEDIA_ROOT), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # the CPU may be busy with other tests
        while True:
            try:
                if requests.get(base + "/healthz", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


class Browser:
    """A plain HTTP client of the gunicorn server, logged in with a session made in the
    test database; it sends cookies back even though production marks them Secure."""

    def __init__(self, base: str, user) -> None:
        import requests
        from django.test import Client

        client = Client()
        client.force_login(user, backend="chudong.accounts.backends.UsernameEmailPhoneBackend")
        self.base = base
        self.session = requests.Session()
        self.cookies = {"sessionid": client.cookies["sessionid"].value}

    def request(self, method: str, path: str, **kwargs):
        response = self.session.request(
            method, self.base + path, cookies=self.cookies, allow_redirects=False, timeout=120,
            **kwargs,
        )  # fmt: skip
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict, *, form_page: str | None = None, **kwargs):
        """POST `data` with the CSRF token of `form_page` (default: `path`)."""
        import re

        page = self.get(form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no form on {form_page or path}: {page.status_code}"
        return self.request(
            "POST", path, data={**data, "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": self.base + (form_page or path)}, **kwargs,
        )  # fmt: skip
