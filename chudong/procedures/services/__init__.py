"""Every write of the Charter procedures. Import from here:

from chudong.procedures import services
services.admission_nominate(actor=..., unit=..., full_name=..., ...)
"""

from .admission import (
    CANDIDATE_FIELDS,
    admission_decide,
    admission_issue_card,
    admission_nominate,
    admission_path,
    admission_record_ceremony,
    admission_record_class,
    admission_record_introducer,
    admission_record_vote,
    admission_refuse,
    admission_submit_application,
    admission_update_candidate,
    admission_withdraw,
    check_age,
    register_closing_follower,
)
from .cards import (
    card_issue,
    card_of_record,
    card_reissue_apply,
    card_reissue_decide,
    card_reissue_propose,
    card_reissue_withdraw,
    may_decide_reissue,
    may_propose_reissue,
)
from .discipline import (
    discipline_decide,
    discipline_propose,
    discipline_record_appeal,
    discipline_record_meeting,
    discipline_withdraw,
    leadership_posts,
    may_decide,
    quorum_met,
    vote_passes,
)
from .documents import MAX_BYTES, check_upload
from .records import (
    commendation_cancel,
    commendation_record,
    honorary_decide,
    honorary_propose,
    honorary_withdraw,
)

__all__ = [
    "CANDIDATE_FIELDS",
    "MAX_BYTES",
    "admission_decide",
    "admission_issue_card",
    "admission_nominate",
    "admission_path",
    "admission_record_ceremony",
    "admission_record_class",
    "admission_record_introducer",
    "admission_record_vote",
    "admission_refuse",
    "admission_submit_application",
    "admission_update_candidate",
    "admission_withdraw",
    "card_issue",
    "card_of_record",
    "card_reissue_apply",
    "card_reissue_decide",
    "card_reissue_propose",
    "card_reissue_withdraw",
    "check_age",
    "check_upload",
    "commendation_cancel",
    "commendation_record",
    "discipline_decide",
    "discipline_propose",
    "discipline_record_appeal",
    "discipline_record_meeting",
    "discipline_withdraw",
    "honorary_decide",
    "honorary_propose",
    "honorary_withdraw",
    "leadership_posts",
    "may_decide",
    "may_decide_reissue",
    "may_propose_reissue",
    "quorum_met",
    "register_closing_follower",
    "vote_passes",
]
