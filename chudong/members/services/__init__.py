"""Every write on the member register. Import from here:

from chudong.members import services
services.member_create(actor=..., unit=..., full_name=..., sex=..., date_of_birth=...)
"""

from .counts import CountDeltas, counts_add, counts_rebuild
from .merge import members_merge, merge_plan, register_merge_follower
from .records import (
    EDITABLE_FIELDS,
    member_create,
    member_move,
    member_photo_set,
    member_sensitive_update,
    member_status_change,
    member_update,
    sensitive_version,
)
from .restructure import MemberContent, move_members, repath_members
from .timeline import events_for_source, member_event_add

__all__ = [
    "EDITABLE_FIELDS",
    "CountDeltas",
    "MemberContent",
    "counts_add",
    "counts_rebuild",
    "events_for_source",
    "member_create",
    "member_event_add",
    "member_move",
    "member_photo_set",
    "member_sensitive_update",
    "member_status_change",
    "member_update",
    "members_merge",
    "merge_plan",
    "move_members",
    "register_merge_follower",
    "repath_members",
    "sensitive_version",
]
