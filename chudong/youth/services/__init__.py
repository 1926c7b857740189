"""Every write of the youth app. Import from here:

from chudong.youth import services
services.opinion_record(actor=..., unit=..., source="branch_meeting", topic="jobs", ...)
"""

from .follow import YouthContent, follow_member_merge
from .opinions import (
    ANSWER_DAYS_RULE,
    answer_days,
    check_link,
    opinion_follow_up,
    opinion_record,
    opinion_update,
    require_opinion_write,
)
from .surveys import (
    survey_answer,
    survey_answer_to_opinion,
    survey_create,
    survey_is_open,
    survey_publish,
    survey_question_add,
    survey_question_remove,
)
from .youth import (
    MANUAL_STATUSES,
    follow_admission_closed,
    may_start_admission,
    youth_admission_start,
    youth_create,
    youth_update,
)

__all__ = [
    "ANSWER_DAYS_RULE",
    "MANUAL_STATUSES",
    "YouthContent",
    "answer_days",
    "check_link",
    "follow_admission_closed",
    "follow_member_merge",
    "may_start_admission",
    "opinion_follow_up",
    "opinion_record",
    "opinion_update",
    "require_opinion_write",
    "survey_answer",
    "survey_answer_to_opinion",
    "survey_create",
    "survey_is_open",
    "survey_publish",
    "survey_question_add",
    "survey_question_remove",
    "youth_admission_start",
    "youth_create",
    "youth_update",
]
