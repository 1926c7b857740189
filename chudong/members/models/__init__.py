"""Models of the member register; see each module."""

from .member import (
    CURRENT_STATUSES,
    FORMER_STATUSES,
    Member,
    MemberStatus,
    PartyStatus,
    PoliticalTheory,
    Sex,
    is_current,
)
from .sensitive import ETHNIC_GROUPS, ETHNICITY_CHOICES, FamilyRelation, MemberSensitive, Relation
from .timeline import (
    MemberEvent,
    MemberStatusPeriod,
    MemberUnitPeriod,
    UnitMemberCount,
    UnitPeriodReason,
)

__all__ = [
    "CURRENT_STATUSES",
    "ETHNICITY_CHOICES",
    "ETHNIC_GROUPS",
    "FORMER_STATUSES",
    "FamilyRelation",
    "Member",
    "MemberEvent",
    "MemberSensitive",
    "MemberStatus",
    "MemberStatusPeriod",
    "MemberUnitPeriod",
    "PartyStatus",
    "PoliticalTheory",
    "Relation",
    "Sex",
    "UnitMemberCount",
    "UnitPeriodReason",
    "is_current",
]
