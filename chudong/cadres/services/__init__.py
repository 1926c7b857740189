"""Writes of the cadres app (criteria 3.2 and 3.3). Import from here."""

from .cadres import (
    evaluation_set,
    planning_add,
    planning_status_set,
    post_details_set,
    term_create,
    term_update,
    training_add,
)
from .follow import CadresContent, follow_member_merge
from .party import party_choose, party_class_record, party_letter_record, party_outcome_record

__all__ = [
    "CadresContent",
    "evaluation_set",
    "follow_member_merge",
    "party_choose",
    "party_class_record",
    "party_letter_record",
    "party_outcome_record",
    "planning_add",
    "planning_status_set",
    "post_details_set",
    "term_create",
    "term_update",
    "training_add",
]
