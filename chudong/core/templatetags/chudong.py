from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def lineage(restructuring):
    """{% lineage r as sides %}: the restructuring's units by role (prefetched links)."""
    from chudong.orgs.selectors import restructuring_sides

    return restructuring_sides(restructuring)
