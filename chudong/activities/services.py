"""Every write of activities and youth projects: one function per use case.

Each takes the acting user, checks access through `chudong.access.policy`, validates,
writes inside `transaction.atomic()` and raises ValidationError with Vietnamese messages
keyed by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core import uploads
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.members.services.timeline import events_for_source, member_event_add
from chudong.orgs.models import Restructuring, Unit
from chudong.orgs.registry import ContentItem

from . import checkin, events
from .models import Activity, ActivityPhoto, ActivityState, CheckinSource, Participation

TOKEN_PURPOSE = "activity"  # noqa: S105 - a token kind, not a secret
# A member may check in from an hour before the start until an hour after the end.
WINDOW_MARGIN = dt.timedelta(hours=1)
# Check-ins made without network keep arriving this long after the window closed.
OFFLINE_GRACE = dt.timedelta(hours=48)
# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = dt.timedelta(minutes=5)

PLAN_FIELDS = ("kind", "title", "campaign", "description", "starts_at", "ends_at", "place",
               "expected_participants", "budget")  # fmt: skip
RESULT_FIELDS = ("state", "guests_count", "guest_names", "people_reached", "value",
                 "beneficiaries", "results")  # fmt: skip


# --- Check-in window and token -------------------------------------------------------------


def checkin_window(activity: Activity) -> tuple[dt.datetime, dt.datetime]:
    """When a scan counts as attendance."""
    return activity.starts_at - WINDOW_MARGIN, activity.ends_at + WINDOW_MARGIN


def checkin_token(activity: Activity) -> str:
    """The signed token the activity's QR code carries (the same for the whole window)."""
    _opens, closes = checkin_window(activity)
    return checkin.make_token(
        purpose=TOKEN_PURPOSE, object_id=activity.pk, expires_at=closes + OFFLINE_GRACE
    )


# --- Plan, results, hand-over, photos ------------------------------------------------------


def _check_plan(data: dict) -> None:
    errors = {}
    if data["ends_at"] < data["starts_at"]:
        errors["ends_at"] = _("The end must not be before the start.")
    elif data["ends_at"] - data["starts_at"] > dt.timedelta(days=366 * 2):
        errors["ends_at"] = _("An activity or project lasts at most two years.")
    if not (data.get("title") or "").strip():
        errors["title"] = _("Give the activity a title.")
    if errors:
        raise ValidationError(errors)


def _require_manage(actor: Any, unit: Unit) -> None:
    policy.require(actor, Cap.WORK_MANAGE, unit)
    if not unit.is_active:
        raise ValidationError(_("This unit has been dissolved or merged; it records no more."))


def activity_create(
    *,
    actor: Any,
    unit: Unit,
    is_project: bool = False,
    organisers: list | None = None,
    other_units: list[Unit] | None = None,
    **data: Any,
) -> Activity:
    """Plan a new activity (or youth project) of `unit`. Needs work.manage at the unit."""
    _require_manage(actor, unit)
    data = {name: data[name] for name in PLAN_FIELDS if name in data}
    _check_plan(data)
    with transaction.atomic():
        activity = Activity(
            unit=unit, unit_path=unit.path, is_project=is_project, created_by=actor, **data
        )
        activity.full_clean(exclude=["unit_path", "created_by"])
        activity._history_user = actor
        activity.save()
        activity.organisers.set(organisers if organisers is not None else [actor])
        activity.other_units.set([u for u in other_units or [] if u.pk != unit.pk])
    return activity


def activity_update(
    *,
    actor: Any,
    activity: Activity,
    organisers: list | None = None,
    other_units: list[Unit] | None = None,
    **data: Any,
) -> Activity:
    """Change the plan and the results of an activity. Needs work.manage at its unit."""
    _require_manage(actor, activity.unit)
    changes = {name: data[name] for name in (*PLAN_FIELDS, *RESULT_FIELDS) if name in data}
    plan = {name: changes.get(name, getattr(activity, name)) for name in PLAN_FIELDS}
    _check_plan(plan)
    if changes.get("state") == ActivityState.DONE and plan["starts_at"] > timezone.now():
        raise ValidationError({"state": _("An activity that has not started cannot be done.")})
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["unit_path", "created_by"])
        locked._history_user = actor
        locked.save(update_fields=[*changes, "updated_at"])
        if organisers is not None:
            locked.organisers.set(organisers)
        if other_units is not None:
            locked.other_units.set([u for u in other_units if u.pk != locked.unit_id])
    return locked


def project_handover(
    *,
    actor: Any,
    activity: Activity,
    handed_over_on: dt.date,
    handed_over_to: str,
    minutes: Any = None,
) -> Activity:
    """Record the hand-over of a youth project (date, to whom, the signed minutes)."""
    _require_manage(actor, activity.unit)
    errors = {}
    if not activity.is_project:
        raise ValidationError(_("Only a youth project is handed over."))
    if handed_over_on > timezone.localdate():
        errors["handed_over_on"] = _("The hand-over date cannot be in the future.")
    elif handed_over_on < timezone.localtime(activity.starts_at).date():
        errors["handed_over_on"] = _("The hand-over cannot come before the project started.")
    if not handed_over_to.strip():
        errors["handed_over_to"] = _("Say to whom the project was handed over.")
    checked = None
    if minutes is not None:
        try:
            checked = uploads.check_upload(minutes, "minutes")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with uploads.FilesGuard() as guard, transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        locked.handed_over_on = handed_over_on
        locked.handed_over_to = handed_over_to.strip()
        fields = ["handed_over_on", "handed_over_to", "updated_at"]
        if checked is not None:
            uploads.save_checked(locked.handover_minutes, checked, guard)
            locked.handover_minutes_name = checked.name
            fields += ["handover_minutes", "handover_minutes_name"]
        locked._history_user = actor
        locked.save(update_fields=fields)
    return locked


def activity_photo_add(
    *, actor: Any, activity: Activity, upload: Any, caption: str = ""
) -> ActivityPhoto:
    """Add a photo of the activity's results (checked by content, at most 10 MB)."""
    _require_manage(actor, activity.unit)
    checked = uploads.check_upload(upload, "photo")
    if not checked.content_type.startswith("image/"):
        raise ValidationError({"photo": _("Choose a photo (JPEG, PNG or WebP).")})
    with uploads.FilesGuard() as guard, transaction.atomic():
        photo = ActivityPhoto(
            activity=activity, original_name=checked.name, content_type=checked.content_type,
            size=checked.size, caption=caption.strip()[:200], uploaded_by=actor,
        )  # fmt: skip
        uploads.save_checked(photo.file, checked, guard)
        photo.save()
    return photo


# --- Participation -------------------------------------------------------------------------


def _recount(activity_id: int) -> None:
    Activity.objects.filter(pk=activity_id).update(
        participants_count=Coalesce(
            Subquery(
                Participation.objects.filter(activity_id=OuterRef("pk"))
                .values("activity_id")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            Value(0),
        )
    )


def _participate(
    *, activity: Activity, member: Member, source: str, at: dt.datetime, actor: Any
) -> tuple[Participation, bool]:
    """Record a member's participation once (inside the caller's transaction)."""
    existing = Participation.objects.filter(activity=activity, member=member).first()
    if existing is not None:
        return existing, False
    participation = Participation(
        activity=activity, member=member, unit_path=activity.unit_path,
        activity_starts_at=activity.starts_at, source=source, checked_in_at=at,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    participation._history_user = participation.recorded_by
    participation.save()
    member_event_add(
        member=member, kind=events.TOOK_PART, date=timezone.localtime(at).date(),
        title=activity.title, detail=activity.campaign, unit=activity.unit, actor=actor,
        source=participation,
    )  # fmt: skip
    _recount(activity.pk)
    return participation, True


def checkin_by_token(
    *, actor: Any, token: str, scanned_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> tuple[Participation, bool]:
    """A member checks themselves in by the activity's QR code.

    `scanned_at` is when the member tapped (a check-in queued offline arrives later); it
    must fall within the activity's window and not after the moment it arrives. Returns
    (participation, created); a second check-in returns the first one unchanged.
    Raises ValidationError (token altered or expired, no member record, cancelled, out of
    the window).
    """
    now = now or timezone.now()
    activity = activity_for_token(token, now=now)
    member = _checkin_member(actor)
    at = scanned_at or now
    if at > now + CLOCK_SKEW:
        raise ValidationError(_("The time of the check-in is in the future."))
    at = min(at, now)
    if activity.state == ActivityState.CANCELLED:
        raise ValidationError(_("This activity has been cancelled."))
    opens, closes = checkin_window(activity)
    if at < opens:
        raise ValidationError(
            _("Check-in opens at %(when)s, an hour before the activity starts.")
            % {"when": timezone.localtime(opens).strftime("%H:%M %d/%m/%Y")}
        )
    if at > closes:
        raise ValidationError(
            _("Check-in closed at %(when)s, an hour after the activity ended.")
            % {"when": timezone.localtime(closes).strftime("%H:%M %d/%m/%Y")}
        )
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=activity.pk).exists()
        return _participate(
            activity=activity, member=member, source=CheckinSource.QR, at=at, actor=actor
        )


def activity_for_token(token: str, *, now: dt.datetime | None = None) -> Activity:
    """The activity a check-in token names; ValidationError when it cannot be used."""
    try:
        read = checkin.read_token(token, purpose=TOKEN_PURPOSE, now=now)
    except checkin.TokenError as error:
        raise ValidationError(str(error)) from None
    activity = Activity.objects.select_related("unit").filter(pk=read.object_id).first()
    if activity is None:
        raise ValidationError(_("This activity no longer exists."))
    return activity


def _checkin_member(actor: Any) -> Member:
    from chudong.members.selectors import own_member

    member = own_member(actor)
    if member is None:
        raise ValidationError(
            _("Your account is not linked to a member record, so it cannot check in. Ask your "
              "branch secretary.")
        )  # fmt: skip
    if member.status not in CURRENT_STATUSES:
        raise ValidationError(_("Only current members check in."))
    return member


def participants_tick(
    *, actor: Any, activity: Activity, add: list[Member], remove: list[Member]
) -> tuple[int, int]:
    """An organiser ticks members who took part (and unticks mistakes). Needs work.manage
    at the activity's unit. Returns (added, removed)."""
    _require_manage(actor, activity.unit)
    if activity.state == ActivityState.CANCELLED:
        raise ValidationError(_("This activity has been cancelled."))
    if add and activity.starts_at - WINDOW_MARGIN > timezone.now():
        raise ValidationError(_("Participants are ticked once the activity has started."))
    added = removed = 0
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=activity.pk).exists()
        for member in add:
            _p, created = _participate(
                activity=activity, member=member, source=CheckinSource.MANUAL,
                at=min(activity.starts_at, timezone.now()), actor=actor,
            )  # fmt: skip
            added += created
        for participation in Participation.objects.filter(activity=activity, member__in=remove):
            events_for_source(participation).delete()
            participation.delete()
            removed += 1
        _recount(activity.pk)
    return added, removed


# --- How rows follow member merges and restructurings ------------------------------------


def follow_member_merge(*, keep: Any, remove: Any, actor: Any) -> None:
    """members.services.register_merge_follower hook: the removed record's participations
    go to the kept one, except where the kept one already took part."""
    taken = set(Participation.objects.filter(member=keep).values_list("activity_id", flat=True))
    touched = set()
    for participation in Participation.objects.filter(member=remove):
        touched.add(participation.activity_id)
        if participation.activity_id in taken:
            events_for_source(participation).delete()
            participation.delete()
            continue
        participation.member = keep
        participation._history_user = actor
        participation.save(update_fields=["member"])
    for activity_id in touched:
        _recount(activity_id)


class ActivitiesContent:
    """orgs.registry.UnitContent: the activities a unit organised follow it."""

    key = "activities"

    def label(self) -> str:
        return _("activities and youth projects")

    def count(self, unit: Unit) -> int:
        return Activity.objects.filter(unit=unit).count()

    def items(self, unit: Unit) -> list[ContentItem]:
        return []

    def move_all(self, *, source: Unit, target: Unit, restructuring: Restructuring) -> int:
        ids = list(Activity.objects.filter(unit=source).values_list("pk", flat=True))
        Participation.objects.filter(activity_id__in=ids).update(unit_path=target.path)
        through = Activity.other_units.through
        through.objects.filter(unit=source, activity__other_units=target).delete()
        through.objects.filter(unit=source).update(unit=target)
        through.objects.filter(unit=target, activity__unit=source).delete()
        return Activity.objects.filter(pk__in=ids).update(unit=target, unit_path=target.path)

    def move_items(
        self, *, ids: list[int], source: Unit, target: Unit, restructuring: Restructuring
    ) -> int:
        return 0

    def repath(self, *, old_prefix: str, new_prefix: str) -> int:
        cut = len(old_prefix) + 1
        Participation.objects.filter(subtree_q("unit_path", old_prefix)).update(
            unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
        )
        return Activity.objects.filter(subtree_q("unit_path", old_prefix)).update(
            unit_path=Concat(Value(new_prefix), Substr("unit_path", cut))
        )
