from __future__ import annotations

from django.conf import settings

from . import nav


def shell(request):
    """What the page shell needs: navigation for this user, and the mode banner."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": [], "embedded_mode": settings.DEBUG}
    return {"nav_sections": nav.for_user(user, request.path), "embedded_mode": settings.DEBUG}
