"""Writes of criterion 3.2: terms and congresses, the details of the posts held (on top of
the role assignments), cadres' courses, yearly evaluations and planning lists.

Each service takes the actor, checks advisory.manage at the unit through
`chudong.access.policy`, validates (Vietnamese messages keyed by field) and writes in one
transaction. Appointing and ending posts stays with `chudong.access.services`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access.models import Role, RoleAssignment
from chudong.core import uploads
from chudong.core.paths import is_within
from chudong.members.models import Member
from chudong.members.services import member_event_add
from chudong.orgs.models import Unit

from .. import events
from ..models import (
    CADRE_ROLES,
    Employment,
    Evaluation,
    EvaluationLevel,
    PlanningEntry,
    PlanningStatus,
    Post,
    PostMode,
    Term,
    Training,
    TrainingKind,
)
from ..rules import standing_max_share
from ._common import attach, check_file, not_future, raise_if, required, text, writable

MAX_BODY = 200  # no executive committee is larger; a bigger number is a typing mistake
FIRST_YEAR = 2000
PERIOD_RE = re.compile(r"^(\d{4})\s*[–-]\s*(\d{4})$")


# --- Terms ---------------------------------------------------------------------------


def _size(errors: dict, data: dict, key: str, *, minimum: int) -> int | None:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        errors[key] = _("Enter a whole number of at least %(min)s.") % {"min": minimum}
        return None
    if value > MAX_BODY:
        errors[key] = _("This number is too large; check it.")
        return None
    return value


def _clean_term(unit: Unit, data: dict, *, exclude: Term | None = None) -> dict:
    errors: dict = {}
    provisional = bool(data.get("provisional"))
    clean: dict[str, Any] = {
        "provisional": provisional,
        "congress_number": data.get("congress_number"),
        "congress_on": data.get("congress_on"),
        "decision_number": text(data, "decision_number"),
        "note": text(data, "note"),
        "starts_on": data.get("starts_on"),
        "ends_on": data.get("ends_on"),
    }
    if not provisional and clean["congress_on"] is None:
        errors["congress_on"] = _("Enter the date of the congress (or tick 'provisional').")
    if provisional and not clean["decision_number"]:
        errors["decision_number"] = _("Enter the number of the decision that appointed it.")
    not_future(errors, "congress_on", clean["congress_on"])
    if clean["starts_on"] is None:
        errors["starts_on"] = _("Enter the first day of the term.")
    if clean["ends_on"] is None:
        errors["ends_on"] = _("Enter the last day of the term.")
    elif clean["starts_on"] and clean["ends_on"] <= clean["starts_on"]:
        errors["ends_on"] = _("The term must end after it starts.")
    if clean["congress_on"] and clean["starts_on"] and clean["congress_on"] > clean["starts_on"]:
        errors["congress_on"] = _("The congress cannot come after the start of its term.")
    executive = _size(errors, data, "executive_size", minimum=1)
    standing = _size(errors, data, "standing_size", minimum=1)
    deputies = _size(errors, data, "deputy_size", minimum=0)
    inspection = _size(errors, data, "inspection_size", minimum=0)
    clean.update(
        executive_size=executive,
        standing_size=standing,
        deputy_size=deputies,
        inspection_size=inspection,
    )
    if executive and standing:
        on = clean["congress_on"] or clean["starts_on"] or timezone.localdate()
        share = standing_max_share(on=on, unit=unit)
        most = int(executive * share)
        if standing > most:
            errors["standing_size"] = _(
                "The standing committee may have at most %(share)s of the executive committee: "
                "with %(executive)s executive committee members, at most %(most)s, not "
                "%(standing)s."
            ) % {
                "share": f"{share.numerator}/{share.denominator}",
                "executive": executive,
                "most": most,
                "standing": standing,
            }
        if standing > executive:
            errors["standing_size"] = _(
                "The standing committee cannot be larger than the executive committee."
            )
    if standing is not None and deputies is not None and deputies + 1 > standing:
        errors["deputy_size"] = _(
            "The secretary and the deputy secretaries sit on the standing committee: "
            "at most %(most)s deputies with %(standing)s standing committee members."
        ) % {"most": max(standing - 1, 0), "standing": standing}
    if clean["starts_on"] and clean["ends_on"] and "ends_on" not in errors:
        overlapping = Term.objects.filter(
            unit=unit, starts_on__lte=clean["ends_on"], ends_on__gte=clean["starts_on"]
        )
        if exclude is not None:
            overlapping = overlapping.exclude(pk=exclude.pk)
        other = overlapping.first()
        if other is not None:
            errors["starts_on"] = _("This period overlaps the term %(term)s of the same unit.") % {
                "term": other.label()
            }
    raise_if(errors)
    return clean


def term_create(*, actor: Any, unit: Unit, data: dict) -> Term:
    """Record a term (a congress's result, or a provisional committee). Needs
    advisory.manage at the unit; ValidationError (Vietnamese, by field) on bad input,
    including the Charter's share of the standing committee."""
    writable(actor, unit)
    with transaction.atomic():
        # Terms of one unit are written one at a time: the overlap check cannot race.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        clean = _clean_term(unit, data)
        term = Term(unit=unit, unit_path=unit.path, created_by=actor, **clean)
        term._history_user = actor
        term.save()
    return term


def term_update(*, actor: Any, term: Term, data: dict) -> Term:
    writable(actor, term.unit)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=term.unit_id).first()
        clean = _clean_term(term.unit, data, exclude=term)
        for key, value in clean.items():
            setattr(term, key, value)
        term._history_user = actor
        term.save()
    return term


# --- Posts (details of role assignments) ---------------------------------------------


def post_details_set(*, actor: Any, assignment: RoleAssignment, data: dict) -> Post:
    """Say of a leadership assignment which term it belongs to, whether full-time or
    part-time, elected or appointed. Needs advisory.manage at the assignment's unit."""
    writable(actor, assignment.unit)
    errors: dict = {}
    if assignment.role.code not in CADRE_ROLES:
        raise ValidationError(_("Only leadership posts have cadre details."))
    term = data.get("term")
    if term is not None and term.unit_id != assignment.unit_id:
        errors["term"] = _("Choose a term of the unit where the post is held.")
    if data.get("employment") not in Employment.values:
        errors["employment"] = _("Choose full-time or part-time.")
    if data.get("mode") not in PostMode.values:
        errors["mode"] = _("Choose elected or appointed.")
    raise_if(errors)
    with transaction.atomic():
        post = Post.objects.select_for_update().filter(assignment=assignment).first()
        post = post or Post(assignment=assignment)
        post.term = term
        post.employment = data["employment"]
        post.mode = data["mode"]
        post.note = text(data, "note")
        post._history_user = actor
        post.save()
    return post


# --- Training ------------------------------------------------------------------------


def held_post_at(cadre: Any, unit: Unit) -> bool:
    return RoleAssignment.objects.filter(user=cadre, unit=unit, role__code__in=CADRE_ROLES).exists()


def training_add(
    *, actor: Any, cadre: Any, unit: Unit, data: dict, certificate: Any = None
) -> Training:
    """Record a course a cadre took, with its certificate (PDF or photo). Needs
    advisory.manage at `unit`, a unit where the cadre holds or held a post."""
    writable(actor, unit)
    if not held_post_at(cadre, unit):
        raise ValidationError({"unit": _("This person holds no post at this unit.")})
    errors: dict = {}
    clean: dict[str, Any] = {
        "course": required(errors, data, "course", _("Enter the name of the course.")),
        "organiser": text(data, "organiser"),
        "result": text(data, "result"),
        "certificate_number": text(data, "certificate_number"),
        "theory_level": data.get("theory_level") or "",
        "starts_on": data.get("starts_on"),
        "ends_on": data.get("ends_on"),
    }
    if data.get("kind") not in TrainingKind.values:
        errors["kind"] = _("Choose the kind of course.")
    clean["kind"] = data.get("kind")
    if clean["kind"] == TrainingKind.POLITICAL_THEORY and not clean["theory_level"]:
        errors["theory_level"] = _("Choose the level of political theory.")
    if clean["kind"] != TrainingKind.POLITICAL_THEORY:
        clean["theory_level"] = ""
    if clean["starts_on"] is None:
        errors["starts_on"] = _("Enter the first day of the course.")
    not_future(errors, "starts_on", clean["starts_on"])
    if clean["ends_on"] and clean["starts_on"] and clean["ends_on"] < clean["starts_on"]:
        errors["ends_on"] = _("The course cannot end before it starts.")
    checked = check_file(errors, "certificate", certificate)
    raise_if(errors)
    with uploads.FilesGuard() as guard, transaction.atomic():
        training = Training(cadre=cadre, unit=unit, unit_path=unit.path, created_by=actor, **clean)
        attach(training.certificate, checked, guard, training, "certificate_name")
        training._history_user = actor
        training.save()
    return training


# --- Evaluation ----------------------------------------------------------------------


def evaluation_set(*, actor: Any, cadre: Any, unit: Unit, data: dict) -> Evaluation:
    """Record (or correct) a cadre's evaluation of one year by the unit of their post.
    The cadre must have held a post there during that year."""
    writable(actor, unit)
    if getattr(actor, "pk", None) == getattr(cadre, "pk", None):
        raise ValidationError(_("A cadre's evaluation is recorded by someone else."))
    errors: dict = {}
    year = data.get("year")
    today = timezone.localdate()
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        errors["year"] = _("Enter a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": today.year,
        }
    elif (
        not RoleAssignment.objects.filter(
            user=cadre, unit=unit, role__code__in=CADRE_ROLES, start_date__lte=dt.date(year, 12, 31)
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)))
        .exists()
    ):
        errors["year"] = _("This person held no post at this unit in %(year)s.") % {"year": year}
    if data.get("level") not in EvaluationLevel.values:
        errors["level"] = _("Choose the evaluation.")
    raise_if(errors)
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update().filter(cadre=cadre, unit=unit, year=year).first()
        ) or Evaluation(cadre=cadre, unit=unit, unit_path=unit.path, year=year, created_by=actor)
        evaluation.level = data["level"]
        evaluation.comment = text(data, "comment")
        evaluation._history_user = actor
        evaluation.save()
    return evaluation


# --- Planning ------------------------------------------------------------------------


def planning_add(*, actor: Any, unit: Unit, data: dict) -> PlanningEntry:
    """Put a member of the unit's subtree on its planning list for a future post."""
    writable(actor, unit)
    errors: dict = {}
    member: Member | None = data.get("member")
    role: Role | None = data.get("role")
    if member is None:
        errors["member"] = _("Choose the member.")
    elif not is_within(member.unit_path, unit.path) or not member.is_current:
        errors["member"] = _("Choose a current member of this unit or of its sub-units.")
    if role is None or role.code not in CADRE_ROLES:
        errors["role"] = _("Choose the post the member is planned for.")
    period = text(data, "period")
    match = PERIOD_RE.match(period)
    if not match or int(match[2]) <= int(match[1]):
        errors["period"] = _("Write the planning period as two years, e.g. 2025–2030.")
    else:
        period = f"{match[1]}–{match[2]}"
    added_on = data.get("added_on")
    if added_on is None:
        errors["added_on"] = _("Enter the date.")
    not_future(errors, "added_on", added_on)
    if (
        not errors
        and PlanningEntry.objects.filter(
            unit=unit, member=member, role=role, period=period
        ).exists()
    ):
        errors["member"] = _("This member is already on the list for this post and period.")
    raise_if(errors)
    with transaction.atomic():
        entry = PlanningEntry(
            unit=unit,
            unit_path=unit.path,
            member=member,
            role=role,
            period=period,
            added_on=added_on,
            decision_number=text(data, "decision_number"),
            note=text(data, "note"),
            created_by=actor,
        )
        entry._history_user = actor
        entry.save()
        member_event_add(
            member=member,
            kind=events.PLANNED,
            date=added_on,
            title=_("Planning list %(period)s of %(unit)s for the post of %(role)s")
            % {"period": period, "unit": unit.name, "role": role.name},
            unit=unit,
            actor=actor,
            source=entry,
        )
    return entry


def planning_status_set(*, actor: Any, entry: PlanningEntry, status: str, note: str = "") -> None:
    """Mark a planning entry as taken up, or take the member off the list."""
    writable(actor, entry.unit)
    if status not in PlanningStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        entry.status = status
        if note.strip():
            entry.note = note.strip()[:300]
        entry._history_user = actor
        entry.save(update_fields=["status", "note"])
