"""chudong's settings with one bench-only addition: a middleware that reports, in
response headers, how long the request took inside Django, how long its SQL took and
how long its main query took. Used for the per-page timings of `make bench`; the load
phase runs on the plain `chudong.settings`."""

from chudong.settings import *  # noqa: F403
from chudong.settings import MIDDLEWARE

MIDDLEWARE = ["bench.middleware.TimingMiddleware", *MIDDLEWARE]
