"""Demo consents: the paper forms ("Phiếu đồng ý xử lý dữ liệu cá nhân") the branches of
the demo province collected at their meetings a month ago, recorded through the privacy
service by the account that manages each member's unit.

Officers see a member's hardship case only with the member's consent to "hardship", and
who raised an opinion or wrote a survey's text answer only with the consent to "opinions"
(privacy.SensitiveFieldRule, docs/privacy.md). The members concerned are the members with
a hardship case (demo.care), the members who raised an opinion under their name or wrote
a text answer to Đoàn xã Phú Bình's survey (demo.youth). All of them signed, but two, as
a branch would find after collecting paper consents:

- the member in difficulty of Đoàn xã Đại Từ did not sign: the province's register of
  youth in difficulty lists the case under the "no consent" marker;
- one member who wrote a suggestion in Phú Bình's survey did not sign for opinions (the
  first of them in name order who raised no opinion): the survey's text answers show the
  marker in place of that member's name.

Deterministic: the members follow from the demo's records, the dates count back from today.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chudong.accounts.models import User
from chudong.care.models import HardshipCase
from chudong.core.paths import subtree_q
from chudong.members.models import Member
from chudong.orgs.models import Unit
from chudong.privacy.models import ConsentPurpose
from chudong.privacy.services import consent_give
from chudong.youth.models import Opinion, QuestionKind, SurveyQuestion, SurveyResponse

COLLECTED_DAYS_AGO = 30
WITHOUT_HARDSHIP_CONSENT = "TN.XDT"  # the commune whose member in difficulty did not sign
SURVEY_UNIT = "TN.XPB"  # the union whose survey has one text answer without consent

# The demo account that records paper consents for members under a unit (first match).
RECORDERS = [("TN.KHOI.SEVT", "bithu.sevt"), ("TN.XPB", "bithu.phubinh"), ("TN", "tn.bantochuc")]


def build() -> int:
    """Record the consents (after the care and youth demos). Returns how many."""
    hardship = _hardship_members()
    opinions = _opinion_members()
    purposes = {p.code: p for p in ConsentPurpose.objects.filter(code__in=["hardship", "opinions"])}
    if len(purposes) < 2:  # no privacy reference data (a test database flushed of it)
        return 0
    recorders = [
        (Unit.objects.get(code=code).path, User.objects.get(username=username))
        for code, username in RECORDERS
    ]
    given_on = timezone.localdate() - dt.timedelta(days=COLLECTED_DAYS_AGO)
    members = Member.objects.filter(pk__in=hardship | opinions).order_by("sort_key", "pk")
    count = 0
    for number, member in enumerate(members, start=1):
        actor = next(user for path, user in recorders if member.unit_path.startswith(path))
        for code, signed in (("hardship", hardship), ("opinions", opinions)):
            if member.pk not in signed:
                continue
            consent_give(
                actor=actor, member=member, purpose=purposes[code], confirmed=True,
                given_on=given_on,
                evidence=f"Phiếu đồng ý số {number:03d}/PĐY, lưu tại chi đoàn",
            )  # fmt: skip
            count += 1
    return count


def _hardship_members() -> set[int]:
    """The members with a hardship case, but those of the commune that did not sign."""
    unsigned = Unit.objects.get(code=WITHOUT_HARDSHIP_CONSENT)
    cases = HardshipCase.objects.filter(member__isnull=False)
    return set(
        cases.exclude(subtree_q("unit_path", unsigned.path)).values_list("member_id", flat=True)
    )


def _opinion_members() -> set[int]:
    """The members who raised an opinion under their name or wrote a survey's text answer,
    but one: the first (in name order) who wrote a text answer to SURVEY_UNIT's survey and
    raised no opinion."""
    raised = set(Opinion.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    texts = {
        str(pk)
        for pk in SurveyQuestion.objects.filter(kind=QuestionKind.TEXT).values_list("pk", flat=True)
    }
    unit = Unit.objects.get(code=SURVEY_UNIT)
    writers = [
        (response.survey.unit_id, response.member_id)
        for response in SurveyResponse.objects.select_related("survey").order_by(
            "member__sort_key", "member_id", "survey_id"
        )
        if any(response.answers.get(key) is not None for key in texts)
    ]
    unsigned = next(
        (member for unit_id, member in writers if unit_id == unit.pk and member not in raised),
        None,
    )
    return (raised | {member for _unit, member in writers}) - {unsigned}
