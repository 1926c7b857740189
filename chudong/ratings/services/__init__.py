"""Every write of the annual rating and the Rèn luyện đoàn viên programme. Import from here:

from chudong.ratings import services
services.rating_sheet_save(actor=..., unit=branch, year=2025, entries=[...])
"""

from .follow import RatingsContent, follow_member_merge
from .rating import (
    RatingEntry,
    rating_correct,
    rating_sheet_approve,
    rating_sheet_return,
    rating_sheet_save,
    rating_sheet_submit,
)
from .training import (
    DEFAULT_AREAS,
    default_commitments,
    training_evaluate,
    training_register_branch,
    training_register_self,
    training_registration_save,
)

__all__ = [
    "DEFAULT_AREAS",
    "RatingEntry",
    "RatingsContent",
    "default_commitments",
    "follow_member_merge",
    "rating_correct",
    "rating_sheet_approve",
    "rating_sheet_return",
    "rating_sheet_save",
    "rating_sheet_submit",
    "training_evaluate",
    "training_register_branch",
    "training_register_self",
    "training_registration_save",
]
