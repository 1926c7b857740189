"""Youth opinion (tâm tư, nguyện vọng; criterion 1.1): record what was heard, follow it up
until it is answered.

`opinion_record` is the one entry point, also for other apps (a branch meeting's minutes
send the opinions raised there with source="branch_meeting" and their own source_ref).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import is_within
from chudong.members.models import Member
from chudong.orgs.models import Unit
from chudong.rules import rules

from ..models import (
    SOCIAL_HOSTS,
    Opinion,
    OpinionSource,
    OpinionStatus,
    RaisedBy,
    SurveyResponse,
    Youth,
)
from ._common import (
    check_not_before,
    check_not_future,
    clean_block,
    require_active,
    require_at_path,
    set_actor,
    today,
)

ANSWER_DAYS_RULE = "youth.opinion_answer_days"
MAX_CONTENT = 5000
NETWORK_NAMES = {"zalo": "Zalo", "facebook": "Facebook", "youtube": "YouTube", "tiktok": "TikTok"}


def answer_days(*, on: dt.date, unit: Unit) -> int:
    """Days within which an opinion raised on `on` should be answered (a dated rule)."""
    return int(rules.get(ANSWER_DAYS_RULE, on=on, unit=unit))


def check_link(source: str, link: str) -> str:
    """A post's link: required for the social-network sources and on that network's host;
    for other sources optional, but a web address when given."""
    link = (link or "").strip()
    hosts = SOCIAL_HOSTS.get(source)
    if not link:
        if hosts:
            raise ValidationError({"link": _("Paste the link to the post.")})
        return ""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationError(
            {"link": _("This is not a web address; it should start with https://")}
        ) from None
    if hosts:
        host = (urlsplit(link).hostname or "").lower().removeprefix("www.")
        if not any(host == h or host.endswith("." + h) for h in hosts):
            raise ValidationError(
                {"link": _("This link is not on %(network)s (%(hosts)s).")
                 % {"network": NETWORK_NAMES[source], "hosts": ", ".join(hosts)}}
            )  # fmt: skip
    return link


def _check_person(
    unit: Unit, raised_by: str, member: Member | None, youth: Youth | None
) -> tuple[Member | None, Youth | None]:
    if raised_by not in RaisedBy.values:
        raise ValidationError({"raised_by": _("Choose who raised it.")})
    if raised_by == RaisedBy.MEMBER:
        if member is None:
            raise ValidationError({"member": _("Choose the member who raised it.")})
        if not is_within(member.unit_path, unit.path):
            raise ValidationError(
                {"member": _("%(name)s is not a member of %(unit)s.")
                 % {"name": member.full_name, "unit": unit.name}}
            )  # fmt: skip
        return member, None
    if raised_by == RaisedBy.YOUTH:
        if youth is None:
            raise ValidationError({"youth": _("Choose the young person who raised it.")})
        if not is_within(youth.unit_path, unit.path):
            raise ValidationError(
                {"youth": _("%(name)s is not in the youth register of %(unit)s.")
                 % {"name": youth.full_name, "unit": unit.name}}
            )  # fmt: skip
        return None, youth
    return None, None


def _check_handler(handler: Any, path: str) -> None:
    if handler is not None and not policy.can_at_path(handler, Cap.CARE_MANAGE, path):
        raise ValidationError(
            {"handler": _("%s cannot handle youth opinion in this unit.") % handler.full_name}
        )


@transaction.atomic
def opinion_record(
    *,
    actor: Any,
    unit: Unit,
    source: str,
    topic: str,
    content: str,
    raised_on: dt.date,
    sentiment: str = "neutral",
    raised_by: str = RaisedBy.ANONYMOUS,
    member: Member | None = None,
    youth: Youth | None = None,
    link: str = "",
    source_ref: str = "",
    handler: Any = None,
    survey_response: SurveyResponse | None = None,
) -> Opinion:
    """Record an opinion heard in `unit` (care.manage over it); returns the new Opinion.

    source: an OpinionSource code ("branch_meeting", "dialogue", "survey", "zalo",
    "facebook", "youtube", "tiktok", "direct", "other"); the social-network sources need
    `link` on that network. topic: a Topic code; sentiment: "positive", "neutral" or
    "negative". raised_by: "member" (with `member`, in the unit's subtree), "youth" (with
    `youth`, a record of the unit's youth register) or "anonymous". raised_on: not in the
    future; the answer is due within the rule youth.opinion_answer_days in force that day.
    source_ref: a free reference for the calling app (e.g. "meetings.meeting:42"); handler:
    a user who holds care.manage over the unit. Raises ValidationError per field, in
    Vietnamese, and writes nothing then.
    """
    policy.require(actor, Cap.CARE_MANAGE, unit)
    require_active(unit)
    errors: dict[str, str] = {}
    if source not in OpinionSource.values:
        errors["source"] = _("Choose where the opinion was heard.")
    content = clean_block(content)
    if not content:
        errors["content"] = _("Write what the young person said or needs.")
    elif len(content) > MAX_CONTENT:
        errors["content"] = _("Keep the content under %d characters.") % MAX_CONTENT
    if errors:
        raise ValidationError(errors)
    link = check_link(source, link)
    member, youth = _check_person(unit, raised_by, member, youth)
    if raised_on is None:
        raise ValidationError({"raised_on": _("Enter the date.")})
    check_not_future(raised_on, "raised_on")
    _check_handler(handler, unit.path)
    opinion = Opinion(
        unit=unit,
        unit_path=unit.path,
        source=source,
        link=link,
        source_ref=(source_ref or "")[:80],
        topic=topic,
        sentiment=sentiment,
        raised_by=raised_by,
        member=member,
        youth=youth,
        raised_on=raised_on,
        content=content,
        handler=handler,
        status=OpinionStatus.HANDLING if handler is not None else OpinionStatus.NEW,
        due_on=raised_on + dt.timedelta(days=answer_days(on=raised_on, unit=unit)),
        survey_response=survey_response,
        recorded_by=actor,
    )
    opinion.full_clean()
    set_actor(actor, opinion)
    opinion.save()
    return opinion


def require_opinion_write(actor: Any, opinion: Opinion) -> None:
    """Changing an opinion shows its content: care.manage and members.sensitive."""
    require_at_path(actor, Cap.CARE_MANAGE, opinion.unit_path)
    if not policy.can_at_path(actor, Cap.MEMBERS_SENSITIVE, opinion.unit_path):
        raise PermissionDenied


@transaction.atomic
def opinion_update(
    *,
    actor: Any,
    opinion: Opinion,
    source: str,
    topic: str,
    content: str,
    raised_on: dt.date,
    sentiment: str,
    raised_by: str,
    member: Member | None = None,
    youth: Youth | None = None,
    link: str = "",
) -> Opinion:
    """Correct what was recorded (care.manage and members.sensitive over its unit)."""
    require_opinion_write(actor, opinion)
    opinion = Opinion.objects.select_for_update().select_related("unit").get(pk=opinion.pk)
    content = clean_block(content)
    if not content:
        raise ValidationError({"content": _("Write what the young person said or needs.")})
    if source not in OpinionSource.values:
        raise ValidationError({"source": _("Choose where the opinion was heard.")})
    opinion.link = check_link(source, link)
    opinion.member, opinion.youth = _check_person(opinion.unit, raised_by, member, youth)
    check_not_future(raised_on, "raised_on")
    check_not_before(opinion.answered_on, raised_on, "raised_on", _("the answer"))
    if raised_on != opinion.raised_on:
        days = answer_days(on=raised_on, unit=opinion.unit)
        opinion.due_on = raised_on + dt.timedelta(days=days)
    opinion.source, opinion.topic, opinion.content = source, topic, content
    opinion.raised_on, opinion.sentiment, opinion.raised_by = raised_on, sentiment, raised_by
    opinion.full_clean()
    set_actor(actor, opinion)
    opinion.save()
    return opinion


@transaction.atomic
def opinion_follow_up(
    *,
    actor: Any,
    opinion: Opinion,
    status: str,
    handler: Any = None,
    action_taken: str = "",
    answer: str = "",
    answered_on: dt.date | None = None,
    closed_on: dt.date | None = None,
) -> Opinion:
    """Record the follow-up: who handles it, what was done, the answer given and where it
    stands. Being handled needs a handler; answered needs the answer and its date (today
    when not given); closed needs its date (today when not given). Dates lie between the
    day it was raised and today."""
    require_opinion_write(actor, opinion)
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if status not in OpinionStatus.values:
        raise ValidationError({"status": _("Choose where the follow-up stands.")})
    _check_handler(handler, opinion.unit_path)
    action_taken, answer = clean_block(action_taken), clean_block(answer)
    errors: dict[str, str] = {}
    if status != OpinionStatus.NEW and handler is None:
        errors["handler"] = _("Choose who handles it.")
    # Answered needs the answer; closed needs the answer or at least what was done.
    needs_answer = status == OpinionStatus.ANSWERED or (
        status == OpinionStatus.CLOSED and not action_taken
    )
    if needs_answer and not answer:
        errors["answer"] = _("Write the answer given to the young person.")
    if errors:
        raise ValidationError(errors)
    if status in (OpinionStatus.ANSWERED, OpinionStatus.CLOSED) and answer:
        answered_on = answered_on or opinion.answered_on or today()
    else:
        answered_on = None
    closed_on = (closed_on or opinion.closed_on or today()) if status == "closed" else None
    for field, day in (("answered_on", answered_on), ("closed_on", closed_on)):
        check_not_future(day, field)
        check_not_before(day, opinion.raised_on, field, _("the day it was raised"))
    check_not_before(closed_on, answered_on, "closed_on", _("the answer"))
    opinion.status, opinion.handler = status, handler
    opinion.action_taken, opinion.answer = action_taken, answer
    opinion.answered_on, opinion.closed_on = answered_on, closed_on
    opinion.full_clean()
    set_actor(actor, opinion)
    opinion.save()
    return opinion
