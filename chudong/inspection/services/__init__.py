"""Writes of criterion 2.5 (one module per part). Each service takes the actor, checks
work.manage through `access`, validates with Vietnamese messages keyed by field, and
writes inside one transaction with history."""

from .exemplary import exemplary_create, exemplary_share, exemplary_update, replication_add
from .follow import InspectionContent
from .inspections import (
    inspection_create,
    inspection_update,
    plan_create,
    plan_update,
    recommendation_add,
    remedy_record,
)
from .reviews import leadership_post, review_save

__all__ = [
    "InspectionContent",
    "exemplary_create",
    "exemplary_share",
    "exemplary_update",
    "inspection_create",
    "inspection_update",
    "leadership_post",
    "plan_create",
    "plan_update",
    "recommendation_add",
    "remedy_record",
    "replication_add",
    "review_save",
]
