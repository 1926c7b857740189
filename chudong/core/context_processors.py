from __future__ import annotations

from django.conf import settings
from django.db import connection

from . import nav


def shell(request):
    """What the page shell needs: navigation for this user, and the mode banner (shown in
    the embedded SQLite mode that `make run` uses, never in production)."""
    embedded = settings.DEBUG and connection.vendor == "sqlite"
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_html": "", "embedded_mode": embedded}
    return {"nav_html": nav.html_for(user, request.path), "embedded_mode": embedded}
