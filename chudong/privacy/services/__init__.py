"""Writes of the privacy app, one function per use case (see each module)."""

from .anonymise import (
    anonymise_due,
    anonymise_member,
    candidates,
    register_anonymiser,
    retention_cutoff,
    scrub_copies,
)
from .consents import consent_give, consent_withdraw
from .holidays import holiday_add, holiday_remove
from .requests import (
    CLEARABLE,
    request_create,
    request_respond,
    response_due_on,
)

__all__ = [
    "CLEARABLE",
    "anonymise_due",
    "anonymise_member",
    "candidates",
    "consent_give",
    "consent_withdraw",
    "holiday_add",
    "holiday_remove",
    "register_anonymiser",
    "request_create",
    "request_respond",
    "response_due_on",
    "retention_cutoff",
    "scrub_copies",
]
