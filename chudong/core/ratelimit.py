"""Per-address limits on the public forms a guesser would hammer (ASVS 2.2.1).

django-axes locks one login (username and address) after five failures, and an invitation
code stops working after a few wrong identities; neither stops one address from trying a
common password against thousands of logins, or guessing invitation codes. This middleware
counts the POSTs of each client address to the views named in CHUDONG_POST_RATE_LIMITS
({url name: (requests, seconds)}) in a fixed window and answers 429, with a Vietnamese page
and Retry-After, once the count is over. The address is the one axes uses (X-Forwarded-For
behind the proxy, see settings.BEHIND_PROXY), so the limit hits the client, not the proxy.

The counters live in the cache named "shared" (settings.CACHES), which every process and
server sees: a table of the database by default, Redis when REDIS_URL is set. The default
cache is each process's memory, so with it gunicorn's four workers would each allow the
whole figure. A database cache increments by read-then-write, so two requests of the same
address at the same instant may count once: the limit can be exceeded by the number of
requests truly simultaneous, never multiplied by the number of processes.
"""

from __future__ import annotations

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.urls import Resolver404, resolve

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {}


def limits() -> dict[str, tuple[int, int]]:
    return getattr(settings, "CHUDONG_POST_RATE_LIMITS", DEFAULT_LIMITS)


SHARED = "shared"


def window_hit(key: str, limit: int, window: int, *, store=None) -> int:
    """Count one event under `key` in the current fixed window of `window` seconds;
    seconds to wait when over `limit`, else 0. Used by the per-address POST limits here
    and by the API's per-token limit. `store` is the shared cache unless a test gives
    another client of it."""
    cache = store if store is not None else caches[SHARED]
    now = int(time.time())
    start = now - now % window
    key = f"{key}:{start}"
    # Increment first: the window's counter usually exists (two queries fewer on the
    # database cache than adding it first). The database cache's incr re-sets the key for
    # the cache's default TIMEOUT, which settings keep longer than any window.
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first event, or its counter was evicted
        if cache.add(key, 1, window + 5):
            count = 1
        else:  # another process added it in between
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, window + 5)
                count = 1
    return max(start + window - now, 1) if count > limit else 0


def hit(name: str, address: str, limit: int, window: int) -> int:
    """Count one POST of `address` to `name`; seconds to wait when over the limit, else 0."""
    return window_hit(f"post-rate:{name}:{address}", limit, window)


class PostRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and limits():
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name in limits():
                limit, window = limits()[name]
                if limit <= 0:  # 0 switches the limit off (a load test from one address)
                    return self.get_response(request)
                address = get_client_ip_address(request) or "unknown"
                wait = hit(name, address, limit, window)
                if wait:
                    response = render(
                        request,
                        "core/rate_limited.html",
                        {"minutes": (wait + 59) // 60},
                        status=429,
                    )
                    response["Retry-After"] = str(wait)
                    return response
        return self.get_response(request)
