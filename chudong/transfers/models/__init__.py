"""Models of the membership procedures: transfers, maturation, striking off."""

from .maturation import MaturationBatch, MaturationEntry, MaturationKeep, MaturationOutcome
from .strike_off import StrikeOffCase, StrikeOffStatus
from .transfer import (
    LASTING_KINDS,
    OPEN_STATUSES,
    Transfer,
    TransferKind,
    TransferScope,
    TransferStatus,
)

__all__ = [
    "LASTING_KINDS",
    "OPEN_STATUSES",
    "MaturationBatch",
    "MaturationEntry",
    "MaturationKeep",
    "MaturationOutcome",
    "StrikeOffCase",
    "StrikeOffStatus",
    "Transfer",
    "TransferKind",
    "TransferScope",
    "TransferStatus",
]
