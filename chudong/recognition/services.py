"""Writes of the 3 chủ động cycle: frameworks, indicator values, plan registration,
following, self-assessment, review, decisions and revocation.

Every service takes the actor, checks access through `chudong.access.policy`, validates
with Vietnamese messages keyed by field, and writes inside one transaction. Who decides is
found from the tree: the cycle's upper unit is the grassroots union's parent when it
registers, and the review needs recognition.review, which a role grants only strictly
below the unit it is held at.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.core.paths import subtree_q
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from . import indicators as registry
from . import rollups
from .models import (
    Criterion,
    CriterionScore,
    Cycle,
    CycleState,
    Decision,
    Evidence,
    Framework,
    IndicatorValue,
    Pillar,
    RecognitionRule,
    ScoringKind,
)
from .selectors import framework_in_force

ASSESSABLE = (CycleState.REGISTERED, CycleState.RETURNED)
REFRESH_LIMIT = 200


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _text(data: dict, key: str) -> str:
    return (data.get(key) or "").strip()


def may_issue_framework(actor: Any, unit: Unit) -> bool:
    """A unit that recognises the units below it may issue its own criteria table."""
    return policy.can_create_under(actor, Cap.RECOGNITION_REVIEW, unit) and policy.can(
        actor, Cap.UNITS_VIEW, unit
    )


# --- Frameworks ------------------------------------------------------------------------


def framework_copy(*, actor: Any, source: Framework, issuer: Unit, name: str) -> Framework:
    """Copy `source` (pillars and criteria) as `issuer`'s own table for the same period.
    Raises PermissionDenied when the actor may not issue at `issuer`, ValidationError when
    `issuer` already has a table for that period."""
    if not may_issue_framework(actor, issuer):
        raise PermissionDenied
    name = (name or "").strip() or f"{source.name} – {issuer.name}"
    with transaction.atomic():
        if Framework.objects.filter(issuer=issuer, start_year=source.start_year).exists():
            raise ValidationError(
                {
                    "name": _("%(unit)s already has its own table for %(start)d–%(end)d.")
                    % {"unit": issuer.name, "start": source.start_year, "end": source.end_year}
                }
            )
        copy = Framework.objects.create(
            issuer=issuer,
            issuer_path=issuer.path,
            name=name[:300],
            document=source.document,
            start_year=source.start_year,
            end_year=source.end_year,
            rule=source.rule,
            min_points=source.min_points,
            min_criterion_points=source.min_criterion_points,
            copied_from=source,
            created_by=actor,
        )
        pillars = {}
        for pillar in source.pillars.all():
            pillars[pillar.pk] = Pillar.objects.create(
                framework=copy, number=pillar.number, title=pillar.title
            )
        Criterion.objects.bulk_create(
            Criterion(
                framework=copy,
                pillar=pillars[c.pillar_id],
                code=c.code,
                title=c.title,
                scoring=c.scoring,
                max_points=c.max_points,
                indicator_code=c.indicator_code,
                threshold=c.threshold,
                order=c.order,
            )
            for c in source.criteria.all()
        )
    return copy


def framework_update(
    *, actor: Any, framework: Framework, data: dict, criteria: list[dict]
) -> Framework:
    """Adjust a unit's own table: its name, rule and each criterion's scoring. The central
    tables are not edited here (a new guidance is a new table)."""
    if framework.issuer_id is None or not may_issue_framework(actor, framework.issuer):
        raise PermissionDenied
    errors: dict = {}
    rule = data.get("rule")
    if rule not in RecognitionRule.values:
        errors["rule"] = _("Choose the recognition rule.")
    if rule == RecognitionRule.POINTS:
        if not data.get("min_points"):
            errors["min_points"] = _("Enter the minimum total points for the points rule.")
        if data.get("min_criterion_points") is None:
            errors["min_criterion_points"] = _(
                "Enter the minimum points each criterion must reach (0 for none)."
            )
    name = _text(data, "name")
    if not name:
        errors["name"] = _("Enter the name of the table.")
    by_id = {c.pk: c for c in framework.criteria.all()}
    for row in criteria:
        criterion = by_id.get(row["id"])
        if criterion is None:
            continue
        if row["scoring"] == ScoringKind.POINTS and not row.get("max_points"):
            errors["__all__"] = _("Criterion %(code)s: enter the maximum points.") % {
                "code": criterion.code
            }
        code = row.get("indicator_code") or ""
        if code and registry.get(code) is None:
            errors["__all__"] = _("Criterion %(code)s: unknown indicator.") % {
                "code": criterion.code
            }
    _raise(errors)
    with transaction.atomic():
        framework.name = name[:300]
        framework.document = _text(data, "document")[:300]
        framework.rule = rule
        framework.min_points = data.get("min_points") if rule == RecognitionRule.POINTS else None
        framework.min_criterion_points = (
            data.get("min_criterion_points") if rule == RecognitionRule.POINTS else None
        )
        framework.save(
            update_fields=["name", "document", "rule", "min_points", "min_criterion_points"]
        )
        for row in criteria:
            criterion = by_id.get(row["id"])
            if criterion is None:
                continue
            criterion.scoring = row["scoring"]
            criterion.max_points = 1 if row["scoring"] == ScoringKind.MET else row["max_points"]
            criterion.indicator_code = row.get("indicator_code") or ""
            criterion.threshold = row.get("threshold")
            if row.get("title"):
                criterion.title = row["title"]
            criterion.save(
                update_fields=["scoring", "max_points", "indicator_code", "threshold", "title"]
            )
    return framework


# --- Indicators ------------------------------------------------------------------------


def indicators_compute(*, units: list[Unit], year: int) -> int:
    """Compute every registered indicator for `units` in `year` and store the values
    (one row per unit, year and code, replaced). Returns the number of rows written.
    Called by the nightly command and by the "recompute" button; needs no actor (it only
    summarises what is recorded)."""
    now = timezone.now()
    written = 0
    for indicator in registry.indicators():
        values = indicator.compute(units, year)
        rows = [
            IndicatorValue(
                unit=unit,
                unit_path=unit.path,
                year=year,
                code=indicator.code,
                numerator=values.get(unit.pk, (0, None))[0],
                denominator=values.get(unit.pk, (0, None))[1],
                computed_at=now,
            )
            for unit in units
        ]
        # One upsert per indicator and batch (SQLite and PostgreSQL alike).
        IndicatorValue.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["unit", "year", "code"],
            update_fields=["unit_path", "numerator", "denominator", "computed_at"],
        )
        written += len(rows)
    _mark_weak(units, year)
    return written


def below_threshold(value: tuple[int, int | None] | None, threshold: Decimal | None) -> bool:
    """Whether a computed (numerator, denominator) falls short of a criterion's threshold
    (a percentage when there is a denominator, a count otherwise)."""
    if value is None or threshold is None:
        return False
    numerator, denominator = value
    if denominator is None:
        return numerator < threshold
    if not denominator:
        return False  # nothing to count yet: not a shortfall
    return Decimal(100 * numerator) / denominator < threshold


def _mark_weak(units: list[Unit], year: int) -> None:
    """Refresh `weak_criteria` of these units' cycles of `year` from the stored values."""
    cycles = list(Cycle.objects.filter(unit__in=units, year=year))
    if not cycles:
        return
    criteria: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(
        framework_id__in={c.framework_id for c in cycles}, threshold__isnull=False
    ).exclude(indicator_code=""):
        criteria.setdefault(criterion.framework_id, []).append(criterion)
    values = {
        (v.unit_id, v.code): (v.numerator, v.denominator)
        for v in IndicatorValue.objects.filter(unit_id__in=[c.unit_id for c in cycles], year=year)
    }
    for cycle in cycles:
        cycle.weak_criteria = sum(
            below_threshold(values.get((cycle.unit_id, c.indicator_code)), c.threshold)
            for c in criteria.get(cycle.framework_id, [])
        )
    Cycle.objects.bulk_update(cycles, ["weak_criteria"], batch_size=500)


def indicators_refresh(*, actor: Any, unit: Unit, year: int) -> int:
    """The button: recompute `unit` and the first grassroots unions below it (the nightly
    command does every union; a request stays short)."""
    policy.require(actor, Cap.RECOGNITION_VIEW, unit)
    from .selectors import grassroots_below

    units = [unit, *grassroots_below(unit=unit)[:REFRESH_LIMIT]]
    return indicators_compute(units=list({u.pk: u for u in units}.values()), year=year)


# --- The cycle -------------------------------------------------------------------------


def _cycle_for(unit: Unit, year: int, *, lock: bool = False) -> Cycle:
    """The unit's cycle of `year`, created (not registered) when missing."""
    if not unit.kind.is_grassroots:
        raise ValidationError(
            _("%s is not a grassroots union: only grassroots unions run the 3 chủ động model.")
            % unit.name
        )
    if unit.parent_id is None:
        raise ValidationError(_("%s has no upper unit to register with.") % unit.name)
    qs = Cycle.objects.select_for_update() if lock else Cycle.objects
    cycle = qs.filter(unit=unit, year=year).first()
    if cycle is not None:
        return cycle
    framework = framework_in_force(unit=unit, year=year)
    if framework is None:
        raise ValidationError(_("No 3 chủ động criteria table covers %d.") % year)
    cycle, created = Cycle.objects.get_or_create(
        unit=unit,
        year=year,
        defaults={"unit_path": unit.path, "framework": framework, "upper_unit_id": unit.parent_id},
    )
    if created:
        rollups.shift([(cycle.unit_path, year, None, cycle.state)])
    return cycle


def plan_register(*, actor: Any, unit: Unit, year: int, data: dict) -> Cycle:
    """Step 1: the grassroots union registers (or revises) its plan for `year` with its
    direct upper unit. Needs recognition.submit at the unit; allowed until it submits its
    self-assessment."""
    policy.require(actor, Cap.RECOGNITION_SUBMIT, unit, visible_with=Cap.RECOGNITION_VIEW)
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)
    errors: dict = {}
    clean = {key: _text(data, key) for key in ("approach", "solutions", "roadmap")}
    if not clean["approach"]:
        errors["approach"] = _("Describe the approach (phương án) of the plan.")
    if not clean["roadmap"]:
        errors["roadmap"] = _("Set out the roadmap (lộ trình): what is done by when.")
    _raise(errors)
    with transaction.atomic():
        cycle = _cycle_for(unit, year, lock=True)
        if cycle.state not in (CycleState.OPEN, *ASSESSABLE):
            raise ValidationError(
                _("The self-assessment has been submitted; the plan can no longer change.")
            )
        focus = [c for c in data.get("focus") or [] if c.framework_id == cycle.framework_id]
        for key, value in clean.items():
            setattr(cycle, key, value)
        fields = ["approach", "solutions", "roadmap", "updated_at"]
        if cycle.state == CycleState.OPEN:
            cycle.state = CycleState.REGISTERED
            cycle.registered_on = timezone.localdate()
            cycle.registered_by = actor
            cycle.upper_unit_id = unit.parent_id
            fields += ["state", "registered_on", "registered_by", "upper_unit"]
            rollups.shift([(cycle.unit_path, year, CycleState.OPEN, CycleState.REGISTERED)])
        cycle.save(update_fields=fields)
        cycle.focus.set(focus)
    return cycle


def follower_assign(*, actor: Any, unit: Unit, year: int, follower: Any) -> Cycle:
    """Step 2: the upper level names the cadre who follows `unit` this year (None clears).
    The follower must hold a role at one of the units above `unit`."""
    policy.require(actor, Cap.RECOGNITION_REVIEW, unit, visible_with=Cap.RECOGNITION_VIEW)
    if follower is not None:
        from .selectors import follower_choices

        if not follower_choices(unit=unit).filter(pk=follower.pk).exists():
            raise ValidationError(
                {"follower": _("Choose a cadre of the upper level of %s.") % unit.name}
            )
    with transaction.atomic():
        cycle = _cycle_for(unit, year, lock=True)
        cycle.follower = follower
        cycle.save(update_fields=["follower", "updated_at"])
    return cycle


def _score(value: Any, criterion: Criterion, field: str, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        errors[field] = _("Enter a number.")
        return None
    if number < 0 or number > criterion.max_points:
        errors[field] = _("The score of %(code)s must be between 0 and %(max)d.") % {
            "code": criterion.code,
            "max": criterion.max_points,
        }
    return number


def _writable_cycle(actor: Any, cycle: Cycle) -> None:
    policy.require(actor, Cap.RECOGNITION_SUBMIT, cycle.unit, visible_with=Cap.RECOGNITION_VIEW)
    if cycle.state not in ASSESSABLE:
        raise ValidationError(
            _(
                "The self-assessment can be changed only after the plan is registered and "
                "before it is submitted, or when it was returned."
            )
        )


def criterion_assess(
    *,
    actor: Any,
    cycle: Cycle,
    criterion: Criterion,
    own_score: Any,
    narrative: str,
    upload: Any = None,
) -> CriterionScore:
    """Step 3 (one criterion): the unit's own score, what it did, and an evidence file."""
    _writable_cycle(actor, cycle)
    if criterion.framework_id != cycle.framework_id:
        raise ValidationError({"criterion": _("This criterion is not in the unit's table.")})
    errors: dict = {}
    score = _score(own_score, criterion, "own_score", errors)
    checked = None
    if upload is not None:
        try:
            checked = uploads.check_upload(upload, "file")
        except ValidationError as error:
            errors.update(error.message_dict)
    _raise(errors)
    with uploads.FilesGuard() as guard, transaction.atomic():
        row, _created = CriterionScore.objects.get_or_create(cycle=cycle, criterion=criterion)
        row.own_score = score
        row.narrative = (narrative or "").strip()
        row.save(update_fields=["own_score", "narrative"])
        if checked is not None:
            evidence = Evidence(
                cycle=cycle, criterion=criterion, name=checked.name, uploaded_by=actor
            )
            uploads.save_checked(evidence.file, checked, guard)
            evidence.save()
    return row


def self_assessment_submit(*, actor: Any, cycle: Cycle) -> Cycle:
    """Step 3 (end): submit to the upper level. Every criterion needs an own score; the
    computed indicators are frozen into the scores as they stand now."""
    _writable_cycle(actor, cycle)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().select_related("unit").get(pk=cycle.pk)
        if cycle.state not in ASSESSABLE:
            raise ValidationError(_("The self-assessment has already been submitted."))
        criteria = list(cycle.framework.criteria.all())
        scores = {s.criterion_id: s for s in cycle.scores.all()}
        missing = [
            c.code for c in criteria if scores.get(c.pk) is None or scores[c.pk].own_score is None
        ]
        if missing:
            raise ValidationError(
                _("Score every criterion before submitting; missing: %s.") % ", ".join(missing)
            )
        from .selectors import live_values

        values = live_values(
            unit=cycle.unit,
            year=cycle.year,
            codes=[c.indicator_code for c in criteria if c.indicator_code],
        )
        for criterion in criteria:
            row = scores[criterion.pk]
            value = values.get(criterion.indicator_code)
            row.numerator = value[0] if value else None
            row.denominator = value[1] if value else None
            row.save(update_fields=["numerator", "denominator"])
        cycle.own_total = sum((s.own_score for s in scores.values()), Decimal(0))
        rollups.shift([(cycle.unit_path, cycle.year, cycle.state, CycleState.SUBMITTED)])
        cycle.state = CycleState.SUBMITTED
        cycle.submitted_on = timezone.localdate()
        cycle.save(update_fields=["own_total", "state", "submitted_on", "updated_at"])
    return cycle


def evaluate(framework: Framework, scores: dict[int, Decimal]) -> bool:
    """Whether reviewed scores ({criterion_id: score}) meet the table's recognition rule."""
    criteria = list(framework.criteria.all())
    if framework.rule == RecognitionRule.ALL_PILLARS:
        return all(scores.get(c.pk, 0) >= c.max_points for c in criteria)
    floor = framework.min_criterion_points or 0
    total = sum((scores.get(c.pk, Decimal(0)) for c in criteria), Decimal(0))
    return total >= (framework.min_points or 0) and all(
        scores.get(c.pk, 0) >= min(floor, c.max_points) for c in criteria
    )


def _reviewable(actor: Any, cycle: Cycle) -> None:
    policy.require(actor, Cap.RECOGNITION_REVIEW, cycle.unit, visible_with=Cap.RECOGNITION_VIEW)
    if cycle.state != CycleState.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment can be reviewed."))


def review_save(*, actor: Any, cycle: Cycle, rows: list[dict], comment: str, accept: bool) -> Cycle:
    """Step 4: the upper level's score and comment per criterion; with `accept` the
    review is closed (the rule decides whether the unit passes)."""
    _reviewable(actor, cycle)
    criteria = {c.pk: c for c in cycle.framework.criteria.all()}
    errors: dict = {}
    clean: dict[int, tuple[Decimal | None, str]] = {}
    for row in rows:
        criterion = criteria.get(row["criterion_id"])
        if criterion is None:
            continue
        clean[criterion.pk] = (
            _score(row.get("score"), criterion, f"score_{criterion.pk}", errors),
            (row.get("comment") or "").strip(),
        )
    if accept:
        missing = [c.code for pk, c in criteria.items() if clean.get(pk, (None,))[0] is None]
        if missing:
            errors["__all__"] = _("Score every criterion before accepting; missing: %s.") % (
                ", ".join(missing)
            )
    _raise(errors)
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.state != CycleState.SUBMITTED:
            raise ValidationError(_("Only a submitted self-assessment can be reviewed."))
        for criterion_id, (score, note) in clean.items():
            CriterionScore.objects.update_or_create(
                cycle=cycle,
                criterion_id=criterion_id,
                defaults={"review_score": score, "review_comment": note},
            )
        cycle.review_comment = (comment or "").strip()
        fields = ["review_comment", "updated_at"]
        if accept:
            scores = {pk: s for pk, (s, _n) in clean.items()}
            cycle.review_total = sum(scores.values(), Decimal(0))
            cycle.passed = evaluate(cycle.framework, scores)
            cycle.state = CycleState.REVIEWED
            cycle.reviewed_on = timezone.localdate()
            cycle.reviewed_by = actor
            fields += ["review_total", "passed", "state", "reviewed_on", "reviewed_by"]
            rollups.shift(
                [(cycle.unit_path, cycle.year, CycleState.SUBMITTED, CycleState.REVIEWED)]
            )
            rollups.add_review(cycle, scores)
        cycle.save(update_fields=fields)
    return cycle


def review_return(*, actor: Any, cycle: Cycle, reason: str) -> Cycle:
    """Step 4: send the self-assessment back for revision, saying why."""
    _reviewable(actor, cycle)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the unit must revise.")})
    with transaction.atomic():
        if Cycle.objects.select_for_update().get(pk=cycle.pk).state != CycleState.SUBMITTED:
            raise ValidationError(_("Only a submitted self-assessment can be reviewed."))
        rollups.shift([(cycle.unit_path, cycle.year, CycleState.SUBMITTED, CycleState.RETURNED)])
        cycle.state = CycleState.RETURNED
        cycle.returned_reason = reason
        cycle.save(update_fields=["state", "returned_reason", "updated_at"])
    return cycle


def review_accept_many(*, actor: Any, upper: Unit, cycle_ids: list[int]) -> int:
    """Bulk review: accept each chosen submitted self-assessment with the unit's own
    scores where the reviewer set none. Cycles the actor may not review are skipped."""
    count = 0
    cycles = Cycle.objects.filter(
        pk__in=cycle_ids, state=CycleState.SUBMITTED, upper_unit=upper
    ).select_related("unit", "framework")
    for cycle in cycles:
        if not policy.can(actor, Cap.RECOGNITION_REVIEW, cycle.unit):
            continue
        rows = [
            {
                "criterion_id": s.criterion_id,
                "comment": s.review_comment,
                "score": s.review_score if s.review_score is not None else s.own_score,
            }
            for s in cycle.scores.all()
        ]
        review_save(actor=actor, cycle=cycle, rows=rows, comment=cycle.review_comment, accept=True)
        count += 1
    return count


def decision_issue(
    *, actor: Any, issuer: Unit, year: int, data: dict, cycles: list[Cycle]
) -> Decision:
    """Step 5: a recognition decision of `issuer` for reviewed units that pass."""
    if not policy.can_create_under(actor, Cap.RECOGNITION_REVIEW, issuer):
        raise PermissionDenied
    errors: dict = {}
    for key, message in (
        ("number", _("Enter the decision number.")),
        ("place", _("Enter the place of issue.")),
        ("signer_name", _("Enter who signs the decision.")),
        ("signer_title", _("Enter the signer's position.")),
    ):
        if not _text(data, key):
            errors[key] = message
    signed_on = data.get("signed_on")
    if signed_on is None:
        errors["signed_on"] = _("Enter the date of signature.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("The date of signature cannot be in the future.")
    if not cycles:
        errors["cycles"] = _("Choose at least one unit to recognise.")
    for cycle in cycles:
        if (
            cycle.upper_unit_id != issuer.pk
            or cycle.year != year
            or cycle.state != CycleState.REVIEWED
            or not cycle.passed
        ):
            errors["cycles"] = _("%s cannot be recognised by this decision.") % cycle.unit.name
    _raise(errors)
    with transaction.atomic():
        if Decision.objects.filter(issuer=issuer, year=year, number=_text(data, "number")).exists():
            raise ValidationError({"number": _("A decision with this number already exists.")})
        decision = Decision.objects.create(
            issuer=issuer,
            issuer_path=issuer.path,
            year=year,
            number=_text(data, "number"),
            signed_on=signed_on,
            place=_text(data, "place"),
            signer_name=_text(data, "signer_name"),
            signer_title=_text(data, "signer_title"),
            created_by=actor,
        )
        updated = Cycle.objects.filter(
            pk__in=[c.pk for c in cycles], state=CycleState.REVIEWED, passed=True
        ).update(state=CycleState.RECOGNISED, decision=decision)
        if updated != len(cycles):
            raise ValidationError({"cycles": _("Some units changed meanwhile; try again.")})
        rollups.shift(
            (c.unit_path, year, CycleState.REVIEWED, CycleState.RECOGNISED) for c in cycles
        )
    return decision


def recognition_revoke(*, actor: Any, cycle: Cycle, reason: str) -> Cycle:
    """Withdraw a unit's recognition, saying why (the decision stays on record)."""
    policy.require(actor, Cap.RECOGNITION_REVIEW, cycle.unit, visible_with=Cap.RECOGNITION_VIEW)
    if cycle.state != CycleState.RECOGNISED:
        raise ValidationError(_("Only a recognised unit can have its recognition revoked."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the recognition.")})
    with transaction.atomic():
        if Cycle.objects.select_for_update().get(pk=cycle.pk).state != CycleState.RECOGNISED:
            raise ValidationError(_("Only a recognised unit can have its recognition revoked."))
        rollups.shift([(cycle.unit_path, cycle.year, CycleState.RECOGNISED, CycleState.REVOKED)])
        cycle.state = CycleState.REVOKED
        cycle.revoked_on = timezone.localdate()
        cycle.revoked_reason = reason
        cycle.save(update_fields=["state", "revoked_on", "revoked_reason", "updated_at"])
    return cycle


# --- Restructuring ---------------------------------------------------------------------

_PATH_MODELS = (
    (Cycle, "unit_path"),
    (IndicatorValue, "unit_path"),
    (Framework, "issuer_path"),
    (Decision, "issuer_path"),
)


class RecognitionContent:
    """orgs.registry.UnitContent. A unit's 3 chủ động years stay with the unit that lived
    them (a merged union keeps its own history; the merged-into unit registers its own
    plan), so merges and splits move nothing; a moved subtree's path copies are rewritten."""

    key = "recognition"

    def label(self) -> str:
        return _("3 chủ động years")

    def count(self, unit: Unit) -> int:
        return 0

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        return 0

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        moved = sum(
            model.objects.filter(subtree_q(field, old_prefix)).update(
                **{field: Concat(Value(new_prefix), Substr(field, cut))}
            )
            for model, field in _PATH_MODELS
        )
        # The moved unions now count under other ancestors: rebuild the dashboards'
        # roll-ups below the lowest unit above both places (the tree's paths are already
        # rewritten when the registry is called).
        common = ""
        for old_step, new_step in zip(_steps(old_prefix), _steps(new_prefix), strict=False):
            if old_step != new_step:
                break
            common += old_step
        rollups.rebuild(Unit.objects.filter(path=common).first() if common else None)
        return moved


def _steps(path: str) -> list[str]:
    from chudong.core.paths import STEP_WIDTH

    return [path[i : i + STEP_WIDTH] for i in range(0, len(path), STEP_WIDTH)]


def today() -> dt.date:
    return timezone.localdate()
