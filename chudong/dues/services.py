"""Every write of membership dues: a member's dues profile, the branch's month screen
(who paid, in one go), exemptions decided by the grassroots union, and the remittances
that carry the money up the tree, each confirmed by its receiver.

from chudong.dues import services
services.dues_month_save(actor=..., unit=branch, month=months.index(2026, 3), entries=[...])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.members.selectors import require_member_cap
from chudong.members.services import member_event_add
from chudong.orgs.models import Unit

from . import events, months, selectors
from . import rules as dues_rules
from .models import DuesCategory, DuesExemption, DuesPayment, DuesProfile, Remittance

MAX_MONTHS_AT_ONCE = 12


def _money(value: int) -> str:
    from django.contrib.humanize.templatetags.humanize import intcomma

    return f"{intcomma(value)} đ"


# --- profile ----------------------------------------------------------------------------


@transaction.atomic
def dues_profile_set(
    *,
    actor: Any,
    member: Member,
    category: str,
    months_per_payment: int = 1,
    consent_note: str = "",
) -> DuesProfile:
    """Set a member's dues category and how many months they pay at a time (more than one
    needs the branch executive committee's consent, noted). Needs members.manage over the
    member. A change of category goes onto the member's timeline."""
    require_member_cap(actor, member, Cap.MEMBERS_MANAGE)
    if category not in DuesCategory.values:
        raise ValidationError({"category": _("Choose a dues category.")})
    if not 1 <= months_per_payment <= MAX_MONTHS_AT_ONCE:
        raise ValidationError({"months_per_payment": _("Between 1 and 12 months.")})
    consent_note = (consent_note or "").strip()
    if months_per_payment > 1 and not consent_note:
        raise ValidationError(
            {
                "consent_note": _(
                    "Paying several months at once needs the consent of the branch executive "
                    "committee: note when it was given."
                )
            }
        )
    profile = DuesProfile.objects.select_for_update().filter(member=member).first()
    before = profile.category if profile else None
    profile = profile or DuesProfile(member=member)
    profile.category = category
    profile.months_per_payment = months_per_payment
    profile.consent_note = consent_note
    profile.full_clean()
    profile._history_user = actor
    profile.save()
    if before is not None and before != category:
        labels = dict(DuesCategory.choices)
        member_event_add(
            member=member,
            kind=events.CATEGORY_CHANGED,
            date=timezone.localdate(),
            title=_("Dues category: %(before)s → %(after)s")
            % {"before": labels[before], "after": labels[category]},
            actor=actor,
            source=profile,
        )
    return profile


# --- the month screen -----------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentEntry:
    """One line of the month screen: paid or not; the amount per month (None: the rate);
    how many months from this one are paid together."""

    member_id: int
    paid: bool
    amount: int | None = None
    months: int = 1


def _check_branch(unit: Unit) -> None:
    if not unit.kind.is_branch:
        raise ValidationError(_("Dues are collected by branches; %s is not a branch.") % unit)
    if not unit.is_active:
        raise ValidationError(_("%s is no longer active.") % unit.name)


@transaction.atomic
def dues_month_save(
    *,
    actor: Any,
    unit: Unit,
    month: int,
    entries: list[PaymentEntry],
    paid_on: dt.date | None = None,
) -> int:
    """Record in one go who paid dues to branch `unit` for `month`. Needs members.manage
    over the branch. A newly ticked member gets one payment row per month paid (several
    with the branch executive committee's consent on their dues profile); an unticked one
    loses this month's row, unless it was remitted or collected elsewhere. Returns how many
    rows changed. Raises ValidationError keyed by paid_<id>/amount_<id> and nothing is
    saved."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    _check_branch(unit)
    today = timezone.localdate()
    paid_on = paid_on or today
    if paid_on > today:
        raise ValidationError({"paid_on": _("The date cannot be in the future.")})
    if month > months.of_date(today):
        raise ValidationError(_("Dues of a future month are paid together with this month's."))
    # Lock the branch: two secretaries saving the same month do not interleave.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    sheet = selectors.build_month_sheet(unit=unit, month=month)
    rows = {row.member.pk: row for row in sheet.rows}
    member_ids = [e.member_id for e in entries if e.member_id in rows]
    taken = {
        (p.member_id, p.month): p
        for p in DuesPayment.objects.select_for_update().filter(
            member_id__in=member_ids, month__gte=month, month__lt=month + MAX_MONTHS_AT_ONCE
        )
    }
    exemptions: dict[int, list[tuple[int, int]]] = {}
    for e in DuesExemption.objects.filter(member_id__in=member_ids):
        exemptions.setdefault(e.member_id, []).append((e.first_month, e.last_month))
    errors: dict[str, list[str]] = {}
    to_create, to_update, to_delete = [], [], []
    for entry in entries:
        row = rows.get(entry.member_id)
        paid_field, amount_field = f"paid_{entry.member_id}", f"amount_{entry.member_id}"
        if row is None:
            errors.setdefault("__all__", []).append(
                _("Member no. %d was not in this branch that month.") % entry.member_id
            )
            continue
        name = row.member.full_name
        existing = row.payment
        if not entry.paid:
            if existing is None:
                continue
            if row.locked:
                errors.setdefault(paid_field, []).append(
                    _("%s's payment was remitted or collected elsewhere; it cannot be undone here.")
                    % name
                )
                continue
            to_delete.append(existing)
            continue
        if existing is not None:
            amount = entry.amount if entry.amount is not None else existing.amount
            if amount != existing.amount:
                if row.locked:
                    errors.setdefault(amount_field, []).append(
                        _("%s's payment was already remitted.") % name
                    )
                elif amount < row.rate:
                    errors.setdefault(amount_field, []).append(
                        _("At least %s a month.") % _money(row.rate)
                    )
                else:
                    existing.amount = amount
                    to_update.append(existing)
            continue
        count = entry.months or 1
        if not 1 <= count <= MAX_MONTHS_AT_ONCE:
            errors.setdefault(paid_field, []).append(_("Between 1 and 12 months at once."))
            continue
        if count > 1 and row.months_per_payment < 2:
            errors.setdefault(paid_field, []).append(
                _(
                    "%s may pay several months at once only with the branch executive "
                    "committee's consent, noted on the dues profile."
                )
                % name
            )
            continue
        paying = list(range(month, month + count))
        clash = [
            m
            for m in paying
            if (entry.member_id, m) in taken
            or any(f <= m <= last for f, last in exemptions.get(entry.member_id, []))
        ]
        if clash:
            errors.setdefault(paid_field, []).append(
                _("%(name)s: %(months)s already paid or exempted.")
                % {"name": name, "months": ", ".join(months.label(m) for m in clash)}
            )
            continue
        for m in paying:
            rate = dues_rules.monthly_rate(row.category, m, unit)
            amount = entry.amount if entry.amount is not None else rate
            if amount < rate:
                errors.setdefault(amount_field, []).append(
                    _("At least %(amount)s a month (%(month)s).")
                    % {"amount": _money(rate), "month": months.label(m)}
                )
                break
            to_create.append(
                DuesPayment(
                    member=row.member,
                    month=m,
                    amount=amount,
                    category=row.category,
                    unit=unit,
                    unit_path=unit.path,
                    paid_on=paid_on,
                    months_paid_together=count,
                    recorded_by=actor,
                )
            )
    if errors:
        raise ValidationError(errors)
    if to_create:
        bulk_create_with_history(to_create, DuesPayment, default_user=actor)
    if to_update:
        bulk_update_with_history(to_update, DuesPayment, ["amount"], default_user=actor)
    for payment in to_delete:
        payment._history_user = actor
        payment.delete()
    return len(to_create) + len(to_update) + len(to_delete)


# --- exemptions ----------------------------------------------------------------------------


@transaction.atomic
def dues_exemption_add(
    *,
    actor: Any,
    member: Member,
    first_month: int,
    months_count: int,
    reason: str,
    decision_number: str,
    decided_on: dt.date,
) -> DuesExemption:
    """Record a dues exemption decided by the grassroots union's executive committee, for
    `months_count` months from `first_month` (at most the rule `dues.exemption_max_months`),
    with its reason and decision. Refused over months already paid or exempted."""
    require_member_cap(actor, member, Cap.MEMBERS_VIEW)
    grassroots = selectors.deciding_unit(actor, member)
    if grassroots is None:
        raise PermissionDenied
    errors = {}
    if member.status not in CURRENT_STATUSES:
        errors["__all__"] = _("Only current members pay dues.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The date cannot be in the future.")
    limit = dues_rules.exemption_max_months(decided_on, member.unit)
    if not 1 <= months_count <= limit:
        errors["months_count"] = _("An exemption lasts from 1 to %d months.") % limit
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason (the member's hardship).")
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Give the number of the decision.")
    if errors:
        raise ValidationError(errors)
    last_month = first_month + months_count - 1
    (member,) = (
        Member.objects.select_for_update(of=("self",)).filter(pk=member.pk).select_related("unit")
    )
    overlapping = DuesExemption.objects.filter(
        member=member, first_month__lte=last_month, last_month__gte=first_month
    ).exists()
    paid = list(
        DuesPayment.objects.filter(
            member=member, month__gte=first_month, month__lte=last_month
        ).values_list("month", flat=True)
    )
    if overlapping:
        raise ValidationError({"first_month": _("Another exemption already covers these months.")})
    if paid:
        raise ValidationError(
            {
                "first_month": _("Dues are already paid for %s.")
                % ", ".join(months.label(m) for m in sorted(paid))
            }
        )
    exemption = DuesExemption(
        member=member,
        unit=member.unit,
        unit_path=member.unit_path,
        first_month=first_month,
        last_month=last_month,
        reason=reason.strip(),
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        decided_by=grassroots,
        recorded_by=actor,
    )
    exemption.full_clean()
    exemption._history_user = actor
    exemption.save()
    member_event_add(
        member=member,
        kind=events.EXEMPTED,
        date=decided_on,
        title=_("Exempted from dues %(period)s (decision %(number)s)")
        % {"period": months.span_label(first_month, last_month), "number": decision_number},
        detail=reason.strip(),
        unit=member.unit,
        actor=actor,
        source=exemption,
    )
    return exemption


# --- remittances --------------------------------------------------------------------------


@transaction.atomic
def remittance_record(
    *,
    actor: Any,
    unit: Unit,
    period: months.Period,
    remitted_on: dt.date,
    note: str = "",
) -> Remittance:
    """`unit` sends its dues for `period` to its direct upper unit (members.manage over
    `unit`). The remittance takes every payment the unit collected and every confirmed
    remittance it received, for months up to the period's end, that no earlier remittance
    took; it keeps the rule's share (`dues.retained_share`, rounded down to the đồng) and
    sends the rest. Raises ValidationError for a period off the unit's schedule, one
    already remitted, or nothing to remit."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    # Lock the sender first (the one lock order: sender unit, then its rows).
    unit = (
        Unit.objects.select_for_update(of=("self",))
        .select_related("kind", "parent")
        .get(pk=unit.pk)
    )
    if unit.parent is None:
        raise ValidationError(_("The top of the tree remits to no one."))
    today = timezone.localdate()
    if remitted_on > today:
        raise ValidationError({"remitted_on": _("The date cannot be in the future.")})
    schedule = dues_rules.schedule_for(unit, remitted_on)
    if schedule.period(period.last) != period:
        raise ValidationError(
            {"period": _("%(unit)s remits by periods of %(n)d months (%(rule)s).")
             % {"unit": unit.name, "n": schedule.length, "rule": schedule.description}}
        )  # fmt: skip
    if period.first > months.of_date(today):
        raise ValidationError({"period": _("That period has not begun.")})
    if Remittance.objects.filter(from_unit=unit, first_month=period.first).exists():
        raise ValidationError({"period": _("This period has already been remitted.")})
    payments = list(
        selectors.pending_payments(unit, period.last).select_for_update().order_by("pk")
    )
    receipts = list(
        selectors.pending_receipts(unit, period.last).select_for_update().order_by("pk")
    )
    gross = sum(p.amount for p in payments) + sum(r.remitted for r in receipts)
    if gross == 0:
        raise ValidationError(_("Nothing was collected or received for this period yet."))
    share = dues_rules.retained_share(months.last_day(period.last), unit)
    kept, sent = dues_rules.split(gross, share)
    remittance = Remittance(
        from_unit=unit,
        from_path=unit.path,
        to_unit=unit.parent,
        to_path=unit.parent.path,
        first_month=period.first,
        last_month=period.last,
        gross=gross,
        retained=kept,
        remitted=sent,
        retained_share=f"{share.numerator}/{share.denominator}",
        remitted_on=remitted_on,
        note=(note or "").strip()[:300],
        recorded_by=actor,
    )
    remittance.full_clean()
    remittance._history_user = actor
    remittance.save()
    for payment in payments:
        payment.remittance = remittance
    bulk_update_with_history(payments, DuesPayment, ["remittance"], default_user=actor)
    for receipt in receipts:
        receipt.included_in = remittance
    bulk_update_with_history(receipts, Remittance, ["included_in"], default_user=actor)
    return remittance


@transaction.atomic
def remittance_confirm(
    *, actor: Any, remittance: Remittance, confirmed_on: dt.date | None = None
) -> Remittance:
    """The receiving unit confirms it received a remittance (members.manage over it); only
    then can it pass the money on."""
    policy.require(actor, Cap.MEMBERS_MANAGE, remittance.to_unit)
    remittance = Remittance.objects.select_for_update().get(pk=remittance.pk)
    if remittance.confirmed_on is not None:
        raise ValidationError(
            _("Already confirmed on %s.") % date_format(remittance.confirmed_on, "d/m/Y")
        )
    day = confirmed_on or timezone.localdate()
    if day > timezone.localdate() or day < remittance.remitted_on:
        raise ValidationError(_("The receipt is confirmed on or after the day it was sent."))
    remittance.confirmed_on = day
    remittance.confirmed_by = actor
    remittance._history_user = actor
    remittance.save(update_fields=["confirmed_on", "confirmed_by"])
    return remittance


def ledger_totals() -> dict[str, int]:
    """Sums over the whole ledger, for reconciliation checks (tests, operators)."""
    return {
        "payments": DuesPayment.objects.aggregate(s=Sum("amount"))["s"] or 0,
        "retained": Remittance.objects.aggregate(s=Sum("retained"))["s"] or 0,
        "to_top": Remittance.objects.filter(to_unit__parent__isnull=True).aggregate(
            s=Sum("remitted")
        )["s"]
        or 0,
        "unremitted_payments": DuesPayment.objects.filter(remittance__isnull=True).aggregate(
            s=Sum("amount")
        )["s"]
        or 0,
        "held_receipts": Remittance.objects.filter(
            included_in__isnull=True, to_unit__parent__isnull=False
        ).aggregate(s=Sum("remitted"))["s"]
        or 0,
    }
