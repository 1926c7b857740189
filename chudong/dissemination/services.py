"""Every write of dissemination: sending a document, acknowledging it (by the member, or
recorded by the secretary at a branch meeting), reminders, and how the rows follow member
merges and restructurings of the tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.access.models import RoleAssignment
from chudong.core import uploads
from chudong.core.paths import is_within, subtree_q
from chudong.members.models import UnitMemberCount
from chudong.members.selectors import own_member
from chudong.orgs.models import Unit, UnitStatus
from chudong.orgs.registry import ContentItem

from . import audience, selectors
from .models import (
    Acknowledgement,
    AckSource,
    AudienceRoles,
    Dispatch,
    DispatchAudience,
    DispatchFile,
    DispatchKind,
    Reminder,
    percent,
)

MAX_FILES = 10
# Secretaries of units below this share of acknowledgements are reminded too.
SECRETARY_REMINDER_PERCENT = 50
REMINDER_KIND = "dissemination.reminder"


def dispatch_send(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    kind: str,
    issued_on: dt.date,
    issuer: str,
    number: str = "",
    summary: str = "",
    audience_units: Iterable[Unit] = (),
    audience_roles: str = AudienceRoles.ALL,
    acknowledge_by: dt.date | None = None,
    files: Iterable[Any] = (),
) -> Dispatch:
    """Send a document from `unit` to its whole subtree (no `audience_units`) or to the
    chosen units below it. Needs notices.send over the unit. Records the audience as unit
    paths, never one row per member. Raises ValidationError per field."""
    policy.require(actor, Cap.NOTICES_SEND, unit)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the document a title."))
    if kind not in DispatchKind.values:
        errors.setdefault("kind", []).append(_("Choose the kind of document."))
    if audience_roles not in AudienceRoles.values:
        errors.setdefault("audience_roles", []).append(_("Choose who the document is for."))
    if not (issuer or "").strip():
        errors.setdefault("issuer", []).append(_("Say who issued the document."))
    if issued_on and issued_on > timezone.localdate():
        errors.setdefault("issued_on", []).append(_("The date of issue cannot be in the future."))
    if acknowledge_by and issued_on and acknowledge_by < issued_on:
        errors.setdefault("acknowledge_by", []).append(
            _("The acknowledgement deadline cannot be before the date of issue.")
        )
    chosen = list(audience_units)
    for target in chosen:
        if not is_within(target.path, unit.path) or target.status != UnitStatus.ACTIVE:
            errors.setdefault("audience_units", []).append(
                _("%(unit)s is not an active unit below the sending unit.") % {"unit": target.name}
            )
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        errors.setdefault("files", []).append(_("Attach at most %(n)d files.") % {"n": MAX_FILES})
    checked = []
    for upload in files:
        try:
            checked.append(uploads.check_upload(upload, "files"))
        except ValidationError as error:
            for message in error.message_dict["files"]:
                errors.setdefault("files", []).append(f"{upload.name}: {message}")
    if errors:
        raise ValidationError(errors)
    targets = {t.path: t for t in chosen} or {unit.path: unit}
    paths = audience.normalize(list(targets))
    with transaction.atomic(), uploads.FilesGuard() as guard:
        dispatch = Dispatch(
            unit=unit, unit_path=unit.path, title=title[:300], kind=kind,
            number=(number or "").strip()[:60], issued_on=issued_on, issuer=issuer.strip()[:200],
            summary=(summary or "").strip(), audience_roles=audience_roles,
            acknowledge_by=acknowledge_by, sent_by=actor,
        )  # fmt: skip
        dispatch._history_user = actor
        dispatch.save()
        DispatchAudience.objects.bulk_create(
            [DispatchAudience(dispatch=dispatch, unit=targets[p], unit_path=p) for p in paths]
        )
        dispatch._audience_paths = paths
        for item in checked:
            row = DispatchFile(
                dispatch=dispatch, original_name=item.name, content_type=item.content_type,
                size=item.size,
            )  # fmt: skip
            uploads.save_checked(row.file, item, guard)
            row.save()
        dispatch.intended_count = selectors.intended_total(dispatch, unit)
        dispatch.save(update_fields=["intended_count"])
    return dispatch


def _count_new(dispatch: Dispatch, created: int) -> None:
    if created:
        Dispatch.objects.filter(pk=dispatch.pk).update(
            acknowledged_count=F("acknowledged_count") + created
        )


def acknowledge(*, actor: Any, dispatch: Dispatch) -> tuple[Acknowledgement, bool]:
    """The actor confirms "đã đọc và nắm được" for a document addressed to them.
    Idempotent: a second confirmation returns the first row (created=False)."""
    member = own_member(actor)
    if member is None or not audience.member_is_addressed(
        dispatch, member, selectors.audience_paths(dispatch)
    ):
        raise ValidationError(_("This document is not addressed to you."))
    existing = Acknowledgement.objects.filter(dispatch=dispatch, member=member).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(
                dispatch=dispatch, member=member, unit_id=member.unit_id,
                unit_path=member.unit_path, source=AckSource.SELF, recorded_by=actor,
            )  # fmt: skip
            _count_new(dispatch, 1)
    except IntegrityError:  # a double click raced us: the first one counts
        return Acknowledgement.objects.get(dispatch=dispatch, member=member), False
    return ack, True


def acknowledge_at_meeting(
    *, actor: Any, dispatch: Dispatch, unit: Unit, member_ids: Iterable[int]
) -> int:
    """The secretary records that the chosen members of `unit` took in the document at a
    branch meeting. Needs members.manage over the unit; only members registered in the
    unit and addressed by the document; members who already acknowledged are left as they
    are. Returns how many new acknowledgements were recorded."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    wanted = {int(i) for i in member_ids}
    if not wanted:
        raise ValidationError({"members": [_("Tick the members who took in the document.")]})
    if not audience.clip(selectors.audience_paths(dispatch), unit.path):
        raise ValidationError(_("This document is not addressed to this unit."))
    members = list(
        audience.addressed_members(dispatch, [unit.path])
        .filter(unit=unit, pk__in=wanted)
        .exclude(Exists(Acknowledgement.objects.filter(dispatch=dispatch, member=OuterRef("pk"))))
        .only("id", "unit_id", "unit_path")
    )
    here = Acknowledgement.objects.filter(dispatch=dispatch, unit_path=unit.path)
    with transaction.atomic():
        before = here.count()
        Acknowledgement.objects.bulk_create(
            [
                Acknowledgement(
                    dispatch=dispatch,
                    member=m,
                    unit_id=m.unit_id,
                    unit_path=m.unit_path,
                    source=AckSource.MEETING,
                    recorded_by=actor,
                )
                for m in members
            ],
            ignore_conflicts=True,  # a member confirming on the phone meanwhile keeps theirs
        )
        # ignore_conflicts hides which rows were new: count the unit's rows again.
        created = here.count() - before
        _count_new(dispatch, created)
    return created


# --- Reminders --------------------------------------------------------------------------


def dispatch_remind(*, actor: Any, dispatch: Dispatch, unit: Unit) -> None:
    """Queue reminders for the document within `unit`'s subtree (the task worker sends
    them). Needs notices.send over the unit."""
    policy.require(actor, Cap.NOTICES_SEND, unit)
    if not audience.clip(selectors.audience_paths(dispatch), unit.path):
        raise ValidationError(_("This document is not addressed to this unit."))
    from .tasks import send_reminders

    transaction.on_commit(lambda: send_reminders.enqueue(dispatch_id=dispatch.pk, unit_id=unit.pk))


def _not_reminded(user_ids: Iterable[int], day: dt.date) -> list[int]:
    ids = set(user_ids)
    done = set(Reminder.objects.filter(day=day, user_id__in=ids).values_list("user_id", flat=True))
    return sorted(ids - done)


def _remember(user_ids: list[int], day: dt.date) -> None:
    Reminder.objects.bulk_create(
        [Reminder(user_id=i, day=day) for i in user_ids], ignore_conflicts=True
    )


def reminders_send(*, dispatch: Dispatch, unit: Unit, day: dt.date | None = None) -> dict:
    """Remind, through chudong.notices, the members of `unit`'s subtree addressed by the
    document who have not acknowledged it and have an account, and the secretaries of the
    units (where members are registered) below SECRETARY_REMINDER_PERCENT. Nobody is
    reminded twice on the same day. Runs in the task worker; the caller authorised it."""
    from chudong.accounts.models import User
    from chudong.notices.services import notify

    day = day or timezone.localdate()
    paths = audience.clip(selectors.audience_paths(dispatch), unit.path)
    outcome = {"members": 0, "secretaries": 0}
    if not paths:
        return outcome
    acked = Acknowledgement.objects.filter(dispatch=dispatch, member=OuterRef("pk"))
    pending_users = (
        audience.addressed_members(dispatch, paths)
        .filter(user__isnull=False, user__is_active=True)
        .exclude(Exists(acked))
        .values_list("user_id", flat=True)
    )
    member_users = _not_reminded(pending_users, day)
    deadline = (
        _(" by %(day)s") % {"day": dispatch.acknowledge_by.strftime("%d/%m/%Y")}
        if dispatch.acknowledge_by
        else ""
    )
    with transaction.atomic():
        if member_users:
            notify(
                users=User.objects.filter(pk__in=member_users),
                kind=REMINDER_KIND,
                title=_("Please read: %(title)s") % {"title": dispatch.title},
                body=_("Read the document and confirm that you have read and understood it%(by)s.")
                % {"by": deadline},
                url=reverse("dissemination:my_document", args=[dispatch.pk]),
            )
            _remember(member_users, day)
        outcome["members"] = len(member_users)
        low_units = _units_below_threshold(dispatch, paths)
        secretaries = _not_reminded(_secretaries_of(low_units, day), day)
        if secretaries:
            notify(
                users=User.objects.filter(pk__in=secretaries),
                kind=REMINDER_KIND,
                title=_("Few members have acknowledged: %(title)s") % {"title": dispatch.title},
                body=_(
                    "Fewer than %(percent)d%% of your unit's members have confirmed this "
                    "document. Remind them, or record their acknowledgement at the branch "
                    "meeting."
                )
                % {"percent": SECRETARY_REMINDER_PERCENT},
                url=reverse("dissemination:units", args=[low_units[0].pk]),
            )
            _remember(secretaries, day)
        outcome["secretaries"] = len(secretaries)
        if unit.pk == dispatch.unit_id:
            Dispatch.objects.filter(pk=dispatch.pk).update(
                intended_count=selectors.intended_total(dispatch, unit)
            )
    return outcome


def _units_below_threshold(dispatch: Dispatch, paths: list[str]) -> list[Unit]:
    """Units (where members are registered) whose addressed members acknowledged less
    than the threshold: intended per unit from the maintained counts, acknowledgements
    grouped by their stored path (two grouped range scans)."""
    from django.db.models import Count, Sum

    if dispatch.audience_roles == AudienceRoles.LEADERSHIP:
        intended = dict(
            audience.addressed_members(dispatch, paths)
            .order_by()
            .values_list("unit_path")
            .annotate(n=Count("pk"))
            .values_list("unit_path", "n")
        )
    else:
        intended = dict(
            UnitMemberCount.objects.filter(audience.paths_q(paths), active__gt=0)
            .order_by()
            .values_list("unit_path")
            .annotate(n=Sum("active"))
            .values_list("unit_path", "n")
        )
    acked = dict(
        Acknowledgement.objects.filter(audience.paths_q(paths), dispatch=dispatch)
        .order_by()
        .values_list("unit_path")
        .annotate(n=Count("pk"))
        .values_list("unit_path", "n")
    )
    low = [
        path
        for path, n in intended.items()
        if n and percent(acked.get(path, 0), n) < SECRETARY_REMINDER_PERCENT
    ]
    return list(Unit.objects.filter(path__in=low).order_by("path"))


def _secretaries_of(units: list[Unit], day: dt.date) -> list[int]:
    if not units:
        return []
    return list(
        RoleAssignment.objects.filter(
            unit__in=units,
            role__code="secretary",
            start_date__lte=day,
            user__is_active=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("user_id", flat=True)
        .distinct()
    )


def reminders_due(*, day: dt.date | None = None) -> int:
    """The nightly run: remind for every document whose deadline is within the next three
    days or passed at most a week ago. Returns how many documents were handled."""
    day = day or timezone.localdate()
    due = Dispatch.objects.filter(
        acknowledge_by__gte=day - dt.timedelta(days=7),
        acknowledge_by__lte=day + dt.timedelta(days=3),
    ).select_related("unit")
    handled = 0
    for dispatch in due:
        reminders_send(dispatch=dispatch, unit=dispatch.unit, day=day)
        handled += 1
    return handled


# --- Following members and the tree --------------------------------------------------


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook: the removed record's
    acknowledgements move to the kept one (unless it acknowledged the same document)."""
    taken = Acknowledgement.objects.filter(member=keep).values("dispatch_id")
    Acknowledgement.objects.filter(member=remove).exclude(dispatch_id__in=taken).update(member=keep)
    duplicates = Acknowledgement.objects.filter(member=remove)
    for dispatch_id in set(duplicates.values_list("dispatch_id", flat=True)):
        Dispatch.objects.filter(pk=dispatch_id).update(
            acknowledged_count=F("acknowledged_count") - 1
        )
    duplicates.delete()


class DisseminationContent:
    """orgs.registry.UnitContent: a merge carries the acknowledgements recorded in the
    merged unit and the audience rows naming it; a move rewrites the stored paths."""

    key = "dissemination"

    def label(self) -> str:
        return _("document acknowledgements")

    def count(self, unit: Unit) -> int:
        return 0

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Any) -> int:
        moved = Acknowledgement.objects.filter(unit=source).update(
            unit=target, unit_path=target.path
        )
        already = DispatchAudience.objects.filter(unit=target).values("dispatch_id")
        DispatchAudience.objects.filter(unit=source).exclude(dispatch_id__in=already).update(
            unit=target, unit_path=target.path
        )
        DispatchAudience.objects.filter(unit=source).delete()
        return moved

    def move_items(self, *, ids: list[int], source: Unit, target: Unit, restructuring: Any) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        moved = 0
        for model in (Dispatch, DispatchAudience, Acknowledgement):
            moved += model.objects.filter(subtree_q("unit_path", old_prefix)).update(
                unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
            )
        return moved
