from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from chudong.access import policy

from . import selectors, services


@policy.user_view
def notification_list(request):
    """The bell's page: one's own notifications; POST marks one (id) or all as read."""
    if request.method == "POST":
        raw = request.POST.get("id", "")
        services.mark_read(user=request.user, notification_id=int(raw) if raw.isdigit() else None)
        target = request.POST.get("next", "")
        if target.startswith("/") and not target.startswith("//"):
            return redirect(target)
        return redirect("notices:list")
    page = Paginator(selectors.notifications_of(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    has_unread = any(n.read_at is None for n in page)
    return render(
        request, "notices/notification_list.html", {"page": page, "has_unread": has_unread}
    )


@policy.user_view
def bell(request):
    """htmx fragment: the bell with the unread count, loaded after the page so that no
    page pays for it in its own queries."""
    return render(
        request,
        "notices/_bell.html",
        {"unread_notifications": selectors.unread_count(user=request.user)},
    )
