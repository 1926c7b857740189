"""Writes of the annual rating: the branch saves its one-screen sheet and submits it, the
grassroots union approves (or returns) it, and corrects a member's result afterwards with
a reason kept in the history. Each approved result goes onto the member's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members.services import member_event_add
from chudong.orgs.models import Unit

from .. import events, selectors
from ..eligibility import REVIEW
from ..levels import rating_levels
from ..models import MemberRating, RatingKind, RatingSheet, SheetState

COMMENT_MAX = 2000


@dataclass(frozen=True)
class RatingEntry:
    """One member's line of the sheet: a level code ("" = not yet rated) and the comment."""

    member_id: int
    level: str = ""
    comment: str = ""


def _check_branch(unit: Unit, year: int) -> None:
    if not unit.kind.is_branch:
        raise ValidationError(_("Members are rated by their branch; %s is not a branch.") % unit)
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)
    if not selectors.year_is_valid(year):
        raise ValidationError(_("A rating can only be made for a year that has begun."))


def _require_approver(actor: Any, unit: Unit) -> None:
    policy.require(actor, Cap.MEMBERS_VIEW, unit)
    if not selectors.may_approve(actor, unit):
        raise PermissionDenied


def _locked_sheet(unit: Unit, year: int) -> RatingSheet:
    """The branch's sheet for the year, created if missing, locked for this transaction."""
    sheet, _created = RatingSheet.objects.get_or_create(
        unit=unit, year=year, defaults={"unit_path": unit.path, "version": 0}
    )
    return RatingSheet.objects.select_for_update().get(pk=sheet.pk)


def _stale_error(sheet: RatingSheet) -> ValidationError:
    last = sheet.history.select_related("history_user").first()
    who = last.history_user if last and last.history_user else _("someone else")
    when = timezone.localtime(last.history_date) if last else timezone.localtime()
    return ValidationError(
        _(
            "%(who)s saved this sheet at %(when)s, after you opened it. Your changes were "
            "not saved: reload the page to see theirs, then make yours again."
        )
        % {"who": who, "when": date_format(when, "H:i d/m/Y")},
        code="stale",
    )


def _bump(sheet: RatingSheet, actor: Any, fields: list[str]) -> None:
    sheet.version += 1
    sheet._history_user = actor
    sheet.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def rating_sheet_save(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    entries: list[RatingEntry],
    expected_version: int | None = None,
) -> RatingSheet:
    """Save the branch's rating sheet for `year` in one go. Needs members.manage over the
    branch; the sheet must not be submitted or approved.

    Each entry sets a member's level (a code of the year's `rating.levels`; "" leaves the
    member not yet rated) and comment. Full Party members get a comment only. Raises
    ValidationError keyed by the form's field names (level_<id>, comment_<id>) for a member
    the rules do not rate, an unknown level, or an excellent level the grounds (Rèn luyện
    result, participation) do not support; nothing is saved then. `expected_version` is
    the sheet version the form was opened at (a concurrent save is refused).
    """
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    _check_branch(unit, year)
    sheet = _locked_sheet(unit, year)
    if sheet.state != SheetState.DRAFT:
        raise ValidationError(
            _("This sheet has been submitted to the grassroots union and can no longer be changed.")
        )
    if expected_version is not None and sheet.version != expected_version:
        raise _stale_error(sheet)
    built = selectors.build_sheet(unit=unit, year=year)
    rows = {row.member.pk: row for row in built.rows}
    errors: dict[str, list[str]] = {}
    to_create, to_update, to_delete = [], [], []
    for entry in entries:
        row = rows.get(entry.member_id)
        level_field, comment_field = f"level_{entry.member_id}", f"comment_{entry.member_id}"
        if row is None:
            errors.setdefault("__all__", []).append(
                _("Member no. %d is not on this branch's sheet.") % entry.member_id
            )
            continue
        name = row.member.full_name
        comment = (entry.comment or "").strip()
        if len(comment) > COMMENT_MAX:
            errors.setdefault(comment_field, []).append(
                _("Keep the comment under %d characters.") % COMMENT_MAX
            )
            continue
        if not row.eligibility.rateable:
            if entry.level or comment:
                errors.setdefault(level_field, []).append(
                    _("%(name)s is not rated this year: %(why)s.")
                    % {"name": name, "why": row.eligibility.label}
                )
            continue
        if row.eligibility.status == REVIEW:
            if entry.level:
                errors.setdefault(level_field, []).append(
                    _("%s is a full Party member: write a review, without a level.") % name
                )
                continue
            kind, level = RatingKind.REVIEWED, ""
            if not comment:
                if row.rating is not None:
                    to_delete.append(row.rating)
                continue
        else:
            kind, level = RatingKind.RATED, entry.level
            if not level:
                if row.rating is not None:
                    to_delete.append(row.rating)
                continue
            if level not in built.levels.codes:
                errors.setdefault(level_field, []).append(
                    _("“%(level)s” is not a rating level of %(year)d.")
                    % {"level": level, "year": year}
                )
                continue
            problem = _excellent_problem(built, row, level)
            if problem:
                errors.setdefault(level_field, []).append(problem)
                continue
        rating = row.rating
        if rating is None:
            to_create.append(
                MemberRating(
                    member=row.member,
                    year=year,
                    sheet=sheet,
                    unit=unit,
                    unit_path=unit.path,
                    kind=kind,
                    level=level,
                    comment=comment,
                )
            )
        elif (rating.kind, rating.level, rating.comment, rating.sheet_id) != (
            kind,
            level,
            comment,
            sheet.pk,
        ):
            rating.kind, rating.level, rating.comment = kind, level, comment
            # A member who came with a restructured branch is rated by the new branch.
            rating.sheet, rating.unit, rating.unit_path = sheet, unit, unit.path
            rating.approved = False
            rating.updated_at = timezone.now()
            to_update.append(rating)
    if errors:
        raise ValidationError(errors)
    for rating in to_create + to_update:
        rating.full_clean(
            exclude=["member", "sheet", "unit"], validate_unique=False, validate_constraints=False
        )
    if to_create:
        bulk_create_with_history(to_create, MemberRating, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update,
            MemberRating,
            ["kind", "level", "comment", "sheet", "unit", "unit_path", "approved", "updated_at"],
            default_user=actor,
        )
    for rating in to_delete:
        rating._history_user = actor
        rating.delete()
    sheet.unit_path = unit.path
    _bump(sheet, actor, ["unit_path"])
    return sheet


def _excellent_problem(built: selectors.Sheet, row: selectors.SheetRow, level: str) -> str:
    """Why the grounds do not support an excellent rating, or ""."""
    if level != built.levels.best:
        return ""
    name = row.member.full_name
    if built.needs_training and built.best_training:
        result = row.training.result if row.training else ""
        if result != built.best_training:
            return (
                _(
                    "%s can be rated excellent only with an excellent Rèn luyện đoàn viên "
                    "result for the year."
                )
                % name
            )
    threshold = built.min_participation
    if threshold is not None and row.participation is not None:
        share = row.participation.share
        if share is not None and share < threshold:
            return _(
                "%(name)s took part in %(attended)d of %(organised)d activities; an excellent "
                "rating needs at least %(percent)d%%."
            ) % {
                "name": name,
                "attended": row.participation.attended,
                "organised": row.participation.organised,
                "percent": round(float(threshold) * 100),
            }
    return ""


@transaction.atomic
def rating_sheet_submit(*, actor: Any, unit: Unit, year: int) -> RatingSheet:
    """The branch sends its completed sheet to the grassroots union for approval. Needs
    members.manage over the branch; every member the rules rate must have a level and
    every full Party member a review. Raises ValidationError naming who is missing."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    _check_branch(unit, year)
    sheet = _locked_sheet(unit, year)
    if sheet.state != SheetState.DRAFT:
        raise ValidationError(_("This sheet has already been submitted."))
    built = selectors.build_sheet(unit=unit, year=year)
    missing = built.missing
    if missing:
        names = ", ".join(r.member.full_name for r in missing[:10])
        more = len(missing) - 10
        raise ValidationError(
            _("Rate or review every member first. Still missing: %s") % names
            + (f" (+{more})" if more > 0 else "")
        )
    sheet.state = SheetState.SUBMITTED
    sheet.submitted_by = actor
    sheet.submitted_at = timezone.now()
    sheet.return_reason = ""
    _bump(sheet, actor, ["state", "submitted_by", "submitted_at", "return_reason"])
    return sheet


@transaction.atomic
def rating_sheet_return(*, actor: Any, unit: Unit, year: int, reason: str) -> RatingSheet:
    """The grassroots union sends a submitted sheet back to the branch with a reason."""
    _require_approver(actor, unit)
    sheet = _locked_sheet(unit, year)
    if sheet.state != SheetState.SUBMITTED:
        raise ValidationError(_("Only a submitted sheet can be returned."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the branch should revise.")})
    sheet.state = SheetState.DRAFT
    sheet.return_reason = reason[:300]
    _bump(sheet, actor, ["state", "return_reason"])
    return sheet


@transaction.atomic
def rating_sheet_approve(*, actor: Any, unit: Unit, year: int) -> RatingSheet:
    """The grassroots union approves a submitted sheet (members.decide over the branch,
    held at the grassroots union or above). The results are locked, marked approved and
    written onto each member's timeline."""
    _require_approver(actor, unit)
    sheet = _locked_sheet(unit, year)
    if sheet.state != SheetState.SUBMITTED:
        raise ValidationError(_("Only a submitted sheet can be approved."))
    sheet.state = SheetState.APPROVED
    sheet.approved_by = actor
    sheet.approved_at = timezone.now()
    _bump(sheet, actor, ["state", "approved_by", "approved_at"])
    ratings = list(sheet.ratings.select_related("member"))
    for rating in ratings:
        rating.approved = True
    bulk_update_with_history(ratings, MemberRating, ["approved"], default_user=actor)
    levels = rating_levels(year, unit)
    today = timezone.localdate()
    for rating in ratings:
        member_event_add(
            member=rating.member,
            kind=events.RATED,
            date=today,
            title=_rating_title(rating, levels.label(rating.level)),
            detail=rating.comment,
            unit=unit,
            actor=actor,
            source=sheet,
        )
    return sheet


def _rating_title(rating: MemberRating, label: str) -> str:
    if rating.kind == RatingKind.REVIEWED:
        return _("Reviewed for %d (full Party member, not rated)") % rating.year
    return _("Rated for %(year)d: %(level)s") % {"year": rating.year, "level": label}


@transaction.atomic
def rating_correct(
    *, actor: Any, rating: MemberRating, level: str, comment: str, reason: str
) -> MemberRating:
    """Correct an approved result (the grassroots union, members.decide over the branch
    that rated). The reason is kept as the history record's change reason and on the
    member's timeline. Raises ValidationError for an unknown level or a missing reason."""
    unit = rating.unit
    _require_approver(actor, unit)
    rating = (
        MemberRating.objects.select_for_update(of=("self",))
        .select_related("member", "sheet")
        .get(pk=rating.pk)
    )
    if not rating.approved:
        raise ValidationError(
            _("Only an approved result is corrected; the branch edits its sheet.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    levels = rating_levels(rating.year, unit)
    if rating.kind == RatingKind.RATED and level not in levels.codes:
        raise ValidationError({"level": _("Choose one of the year's levels.")})
    if rating.kind == RatingKind.REVIEWED:
        level = ""
    before = levels.label(rating.level) if rating.level else ""
    rating.level = level
    rating.comment = (comment or "").strip()[:COMMENT_MAX]
    rating._history_user = actor
    rating._change_reason = reason[:100]
    rating.save(update_fields=["level", "comment", "updated_at"])
    after = levels.label(level) if level else ""
    member_event_add(
        member=rating.member,
        kind=events.RATING_CORRECTED,
        date=timezone.localdate(),
        title=_("Rating for %(year)d corrected: %(before)s → %(after)s")
        % {"year": rating.year, "before": before or "—", "after": after or "—"},
        detail=reason,
        unit=unit,
        actor=actor,
        source=rating.sheet,
    )
    return rating
