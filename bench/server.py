"""Running chudong (or the floor views) under gunicorn on loopback, and talking to it."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # load is never sent anywhere else
WORKERS = 4
PORT_DEFAULT = 8471


def server_env(*, database_url: str, settings: str, static_root: str) -> dict[str, str]:
    """The production-like environment of the docs: DEBUG off, on plain HTTP loopback."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            # A fresh key per server, unless the caller signs things the server must
            # read (the soak's QR check-in tokens).
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "BEHIND_PROXY": "0",
            "CHUDONG_2FA_ENFORCED": "0",
            "STATIC_ROOT": static_root,
            "CHUDONG_TESTING": "0",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def collectstatic(static_root: str, database_url: str) -> None:
    env = server_env(
        database_url=database_url, settings="chudong.settings", static_root=static_root
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Server:
    """`with Server(...) as server:` gunicorn with 4 sync workers on 127.0.0.1:port."""

    def __init__(self, *, database_url: str, settings: str, static_root: str, port: int):
        self.env = server_env(database_url=database_url, settings=settings, static_root=static_root)
        self.port = port
        self.process: subprocess.Popen | None = None
        self.command = (
            f"gunicorn chudong.wsgi:application --workers {WORKERS} --worker-class sync "
            f"--bind {HOST}:{port}  (DJANGO_SETTINGS_MODULE={settings})"
        )

    def __enter__(self) -> Server:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "chudong.wsgi:application",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--bind",
                f"{HOST}:{self.port}",
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,  # its own process group: stopped by its id alone
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/healthz").status == 200:
                    # Every worker should have started (and imported Django) before timing.
                    time.sleep(2)
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start-up")
            time.sleep(0.3)
        self.__exit__(None, None, None)  # not called when __enter__ raises
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str]
    seconds: float
    first_byte: float = 0.0


def get(port: int, path: str, *, cookie: str = "", method: str = "GET", body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=300)
    sent = {"Host": HOST}
    if cookie:
        sent["Cookie"] = cookie
    sent.update(headers or {})
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    first_byte = time.perf_counter() - started
    data = response.read()
    seconds = time.perf_counter() - started
    cookies: dict[str, str] = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        cookies.update({name: morsel.value for name, morsel in parsed.items()})
    connection.close()
    return Response(
        response.status, dict(response.getheaders()), data, cookies, seconds, first_byte
    )


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form; returns the Cookie header of the session."""
    page = get(port, "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if token is None or "csrftoken" not in page.cookies:
        raise RuntimeError("no CSRF token on the login page")
    csrf = page.cookies["csrftoken"]
    response = get(
        port,
        "/accounts/login/",
        method="POST",
        cookie=f"csrftoken={csrf}",
        body=urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if response.status != 302 or "sessionid" not in response.cookies:
        raise RuntimeError(f"login of {username} failed ({response.status})")
    return f"csrftoken={csrf}; sessionid={response.cookies['sessionid']}"
