"""The floors of docs/performance.md, served by the same gunicorn settings as the app:
a bare "ok" view, and a minimal page that runs the province first-page query and renders
its 50 rows with a plain template (no middleware: no sessions, no auth, no layout).
These views exist only here, never in chudong's URLs."""

from pathlib import Path

from chudong.settings import *  # noqa: F403
from chudong.settings import TEMPLATES

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.floor_urls"
TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"context_processors": [], "builtins": []},
    }
]
