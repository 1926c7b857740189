"""URLs of the floor server (bench.floor_settings)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from .sql import PROVINCE_FIRST_PAGE, subtree_bounds


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def minimal(request, path_prefix):
    """The province's first page of members: the hand-written query, 50 rows, a plain
    template."""
    with connection.cursor() as cursor:
        cursor.execute(PROVINCE_FIRST_PAGE, subtree_bounds(path_prefix))
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return render(request, "bench/minimal.html", {"rows": rows[:50]})


urlpatterns = [
    path("healthz", ok),
    path("ok", ok),
    path("minimal/<str:path_prefix>/", minimal),
]
