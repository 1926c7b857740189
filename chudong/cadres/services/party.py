"""Writes of criterion 3.3: an outstanding member's way to the Party, one step at a time
(chosen, Party awareness class, the union's introduction letter, the outcome). Every step
is an event on the member's timeline; admission also sets the member's Party status."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.core import uploads
from chudong.members.models import Member, PartyStatus
from chudong.members.services import member_event_add, member_update

from .. import events
from ..models import ClassResult, Outcome, PartyIntroduction
from ._common import attach, check_file, not_future, raise_if, required, text, writable


def party_choose(*, actor: Any, member: Member, data: dict) -> PartyIntroduction:
    """Choose a current member, not yet in the Party, as an outstanding member to
    introduce. Needs advisory.manage at the member's unit."""
    writable(actor, member.unit)
    errors: dict = {}
    if not member.is_current:
        errors["__all__"] = _("Only a current member can be introduced to the Party.")
    elif member.party_status != PartyStatus.NONE:
        errors["__all__"] = _("This member is already a Party member.")
    chosen_on = data.get("chosen_on")
    if chosen_on is None:
        errors["chosen_on"] = _("Enter the date.")
    not_future(errors, "chosen_on", chosen_on)
    grounds = required(
        errors, data, "grounds", _("Say why the member is outstanding (ratings, record).")
    )
    raise_if(errors)
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        if PartyIntroduction.objects.filter(member=member, outcome=Outcome.PENDING).exists():
            raise ValidationError(_("This member is already on the way to the Party."))
        row = PartyIntroduction(
            member=member,
            unit=member.unit,
            unit_path=member.unit_path,
            chosen_on=chosen_on,
            grounds=grounds,
            created_by=actor,
        )
        row._history_user = actor
        row.save()
        member_event_add(
            member=member,
            kind=events.PARTY_CHOSEN,
            date=chosen_on,
            title=_("Chosen as an outstanding member to introduce to the Party"),
            detail=grounds,
            unit=row.unit,
            actor=actor,
            source=row,
        )
    return row


def _open(row: PartyIntroduction) -> None:
    if row.closed:
        raise ValidationError(_("This introduction is closed."))


def party_class_record(
    *, actor: Any, row: PartyIntroduction, data: dict, certificate: Any = None
) -> PartyIntroduction:
    """Record the Party awareness class (lớp bồi dưỡng nhận thức về Đảng) and its result."""
    writable(actor, row.unit)
    _open(row)
    errors: dict = {}
    name = required(errors, data, "class_name", _("Enter the name of the class."))
    start, end = data.get("class_from"), data.get("class_to")
    if start is None:
        errors["class_from"] = _("Enter the first day of the class.")
    elif start < row.chosen_on:
        errors["class_from"] = _("The class cannot precede the choice of the member (%s).") % (
            date_format(row.chosen_on, "d/m/Y")
        )
    not_future(errors, "class_from", start)
    if end is not None and start is not None and end < start:
        errors["class_to"] = _("The class cannot end before it starts.")
    not_future(errors, "class_to", end)
    result = data.get("class_result") or ""
    if result not in ClassResult.values:
        errors["class_result"] = _("Choose the result.")
    if result and end is None:
        errors["class_to"] = _("Enter the last day of the class to record its result.")
    if row.introduced and result != ClassResult.PASSED:
        errors["class_result"] = _("The member was introduced already; the class was passed.")
    checked = check_file(errors, "certificate", certificate)
    raise_if(errors)
    with uploads.FilesGuard() as guard, transaction.atomic():
        row.class_name, row.class_from, row.class_to, row.class_result = name, start, end, result
        attach(row.certificate, checked, guard, row, "certificate_name")
        row._history_user = actor
        row.save()
        labels = dict(ClassResult.choices)
        member_event_add(
            member=row.member,
            kind=events.PARTY_CLASS,
            date=end or start,
            title=_("Party awareness class: %(name)s (%(result)s)")
            % {"name": name, "result": labels[result]},
            unit=row.unit,
            actor=actor,
            source=row,
        )
    return row


def party_letter_record(
    *, actor: Any, row: PartyIntroduction, data: dict, letter_file: Any = None
) -> PartyIntroduction:
    """Record the union's letter introducing the member to the Party cell. The member
    must have passed the Party awareness class."""
    writable(actor, row.unit)
    _open(row)
    if row.class_result != ClassResult.PASSED:
        raise ValidationError(
            _("Record the Party awareness class as passed before the introduction letter.")
        )
    errors: dict = {}
    number = required(errors, data, "letter_number", _("Enter the number of the letter."))
    signer = required(errors, data, "letter_signer", _("Enter who signed the letter."))
    letter_on = data.get("letter_on")
    if letter_on is None:
        errors["letter_on"] = _("Enter the date of the letter.")
    elif row.class_from and letter_on < row.class_from:
        errors["letter_on"] = _("The letter cannot precede the Party awareness class.")
    not_future(errors, "letter_on", letter_on)
    checked = check_file(errors, "letter_file", letter_file)
    raise_if(errors)
    first = not row.introduced
    with uploads.FilesGuard() as guard, transaction.atomic():
        row.letter_number, row.letter_on, row.letter_signer = number, letter_on, signer
        attach(row.letter_file, checked, guard, row, "letter_file_name")
        row._history_user = actor
        row.save()
        if first:
            member_event_add(
                member=row.member,
                kind=events.PARTY_INTRODUCED,
                date=letter_on,
                title=_("Introduced to the Party: letter %(number)s signed by %(signer)s")
                % {"number": number, "signer": signer},
                unit=row.unit,
                actor=actor,
                source=row,
            )
    return row


def party_outcome_record(*, actor: Any, row: PartyIntroduction, data: dict) -> PartyIntroduction:
    """Close the introduction: admitted (date and Party cell; the member's Party status
    becomes probationary), not admitted, or no longer proposed."""
    writable(actor, row.unit)
    _open(row)
    errors: dict = {}
    outcome = data.get("outcome")
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        errors["outcome"] = _("Choose the outcome.")
    outcome_on = data.get("outcome_on")
    if outcome_on is None:
        errors["outcome_on"] = _("Enter the date.")
    not_future(errors, "outcome_on", outcome_on)
    party_cell = text(data, "party_cell")
    if outcome in (Outcome.ADMITTED, Outcome.NOT_ADMITTED) and not row.introduced:
        errors["outcome"] = _("Record the introduction letter before the Party's decision.")
    elif outcome == Outcome.ADMITTED:
        if not party_cell:
            errors["party_cell"] = _("Enter the Party cell that admitted the member.")
        if outcome_on and row.letter_on and outcome_on < row.letter_on:
            errors["outcome_on"] = _("The admission cannot precede the introduction letter.")
    if outcome_on and outcome_on < row.chosen_on and "outcome_on" not in errors:
        errors["outcome_on"] = _("The outcome cannot precede the choice of the member.")
    raise_if(errors)
    with transaction.atomic():
        row.outcome, row.outcome_on, row.party_cell = outcome, outcome_on, party_cell
        row.outcome_note = text(data, "outcome_note")
        row._history_user = actor
        row.save()
        member = row.member
        if outcome == Outcome.ADMITTED and member.party_status == PartyStatus.NONE:
            member_update(
                actor=actor,
                member=member,
                expected_version=member.version,
                party_status=PartyStatus.PROBATIONARY,
                party_date=outcome_on,
            )
        label = dict(Outcome.choices)[outcome]
        title = (
            _("Admitted to the Party at %(cell)s") % {"cell": party_cell}
            if outcome == Outcome.ADMITTED
            else str(label)
        )
        member_event_add(
            member=member,
            kind=events.PARTY_OUTCOME,
            date=outcome_on,
            title=title,
            detail=row.outcome_note,
            unit=row.unit,
            actor=actor,
            source=row,
        )
    return row
