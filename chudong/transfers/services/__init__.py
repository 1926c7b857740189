"""Every write of the membership procedures. Import from here:

from chudong.transfers import services
services.transfer_request(actor=..., member=..., kind="official", to_unit=..., ...)
"""

from .arrangement import transfer_end, transfer_record_working_far
from .maturation import ceremony_check, maturation_batch_confirm, maturation_keep
from .restructure import TransferContent, follow_member_merge
from .strike_off import (
    case_months,
    check_months,
    strike_off_decide,
    strike_off_propose,
    strike_off_withdraw,
    working_far_excused,
)
from .transfer import (
    transfer_cancel,
    transfer_endorse,
    transfer_introduce,
    transfer_receive,
    transfer_refuse,
    transfer_request,
    transfer_request_by_member,
)
from .transfer_checks import (
    REQUESTABLE_KINDS,
    destination_check,
    dues_month_check,
    receiving_branch_check,
    state_message,
)

__all__ = [
    "REQUESTABLE_KINDS",
    "TransferContent",
    "case_months",
    "ceremony_check",
    "check_months",
    "destination_check",
    "dues_month_check",
    "follow_member_merge",
    "maturation_batch_confirm",
    "maturation_keep",
    "receiving_branch_check",
    "state_message",
    "strike_off_decide",
    "strike_off_propose",
    "strike_off_withdraw",
    "transfer_cancel",
    "transfer_end",
    "transfer_endorse",
    "transfer_introduce",
    "transfer_receive",
    "transfer_record_working_far",
    "transfer_refuse",
    "transfer_request",
    "transfer_request_by_member",
    "working_far_excused",
]
