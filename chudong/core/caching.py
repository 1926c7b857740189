"""Pages shown to a logged-in person hold personal data: no shared cache (a proxy at a
school or a commune office) may keep them, and the browser asks again before showing a
kept copy (ASVS 8.2.1). A view that sets its own Cache-Control (a photo kept five minutes,
an export with no-store) keeps it; public pages (login, manifest, static files) are left
as they are.
"""

from __future__ import annotations


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-cache"
        return response
