"""Every read of the member portal, scoped: a member reads only their own rows; the
branch reads the requests of its subtree through `chudong.access.policy`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.core import serializers, signing
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.core.paths import subtree_q
from chudong.members.models import Member
from chudong.members.models.member import CURRENT_STATUSES

from .models import CorrectionRequest, CorrectionStatus, Invitation
from .services import CORRECTABLE_FIELDS, display_value, field_label

CARD_SALT = "chudong.portal.card"
# A card's QR code is signed when the card page is opened and verifies for this long: a
# screenshot stops proving membership soon after the member leaves the Union.
CARD_MAX_AGE = dt.timedelta(days=2)


# --- the membership card -------------------------------------------------------------


def card_token(member: Member) -> str:
    return signing.dumps({"m": member.pk}, salt=CARD_SALT, compress=True)


@dataclass(frozen=True)
class CardCheck:
    valid: bool
    # Only for an officer who holds members.view over the member's unit:
    member: Member | None = None


def card_check(actor: Any, token: str) -> CardCheck:
    """What a scanned card proves: valid while signed recently, for a record that is an
    active member; personal data only for an actor with members.view over the unit."""
    try:
        data = signing.loads(token or "", salt=CARD_SALT, max_age=CARD_MAX_AGE)
        member_id = int(data["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return CardCheck(valid=False)
    member = (
        Member.objects.select_related("unit").filter(pk=member_id, merged_into__isnull=True).first()
    )
    if member is None or member.status not in CURRENT_STATUSES:
        return CardCheck(valid=False)
    if policy.can_at_path(actor, Cap.MEMBERS_VIEW, member.unit_path):
        return CardCheck(valid=True, member=member)
    return CardCheck(valid=True)


# --- the member's record and requests ------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    name: str
    label: str
    value: str
    pending: bool


def own_record(member: Member) -> list[RecordRow]:
    """The fields of the record the member sees and may ask to correct."""
    pending = set(
        CorrectionRequest.objects.filter(
            member=member, status=CorrectionStatus.PENDING
        ).values_list("field", flat=True)
    )
    return [
        RecordRow(name, field_label(name), display_value(getattr(member, name)), name in pending)
        for name in CORRECTABLE_FIELDS
    ]


def own_corrections(member: Member):
    return CorrectionRequest.objects.filter(member=member).select_related("decided_by")[:50]


def own_correction(actor: Any, correction_id: Any) -> CorrectionRequest:
    """One of the actor's own requests (for its file); 404 for anyone else's."""
    try:
        return CorrectionRequest.objects.get(
            pk=int(correction_id), member__user=actor, member__merged_into__isnull=True
        )
    except (CorrectionRequest.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


# --- the branch's review -------------------------------------------------------------


def pending_corrections(*, actor: Any, unit: Any):
    """Requests awaiting review from members now in the unit's subtree (members.manage
    there): a member who moved since asking is reviewed by their new branch."""
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    return (
        CorrectionRequest.objects.filter(
            subtree_q("member__unit_path", unit.path), status=CorrectionStatus.PENDING
        )
        .select_related("member", "member__unit")
        .order_by("created_at", "id")[:200]
    )


def recent_decisions(*, actor: Any, unit: Any):
    policy.require(actor, Cap.MEMBERS_MANAGE, unit)
    return (
        CorrectionRequest.objects.filter(subtree_q("unit_path", unit.path))
        .exclude(status=CorrectionStatus.PENDING)
        .select_related("member", "decided_by")
        .order_by("-decided_at", "-id")[:30]
    )


def access_correction(actor: Any, correction_id: Any) -> CorrectionRequest:
    """A request for its reviewer: 404 outside the units the actor sees, 403 without
    members.manage over the member's unit."""
    try:
        row = CorrectionRequest.objects.select_related("member", "member__unit", "unit").get(
            pk=int(correction_id)
        )
    except (CorrectionRequest.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    path = row.member.unit_path  # the member's unit now (they may have moved since)
    if not policy.can_at_path(actor, Cap.UNITS_VIEW, path):
        raise Http404
    if not policy.can_at_path(actor, Cap.MEMBERS_MANAGE, path):
        raise PermissionDenied
    return row


def pending_counts(units: list, day: dt.date) -> dict[int, int]:
    """orgs.registry.Warning: requests waiting for more than 7 days from members in each
    subtree (few rows: the partial index on pending requests, joined to their members)."""
    if not units:
        return {}
    condition = Q(pk__in=[])
    for unit in units:
        condition |= subtree_q("member__unit_path", unit.path)
    cutoff = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=7), dt.time.min))
    rows = list(
        CorrectionRequest.objects.filter(
            condition, status=CorrectionStatus.PENDING, created_at__lt=cutoff
        )
        .values("member__unit_path")
        .annotate(n=Count("id"))
        .values_list("member__unit_path", "n")
    )
    return {unit.pk: sum(n for path, n in rows if path.startswith(unit.path)) for unit in units}


def member_invitations(member: Member):
    return Invitation.objects.filter(member=member).select_related("created_by")[:10]


# --- the download of one's own data --------------------------------------------------

# Relations never exported: other people's data, internal bookkeeping.
_EXPORT_SKIP = {"merged_records", "invitations"}
EXPORT_LIMIT = 5000


def own_data(actor: Any, member: Member, request_path: str = "") -> dict[str, Any]:
    """Everything chudong holds about the member: the record and every row of every app
    that points to it (timeline, ratings, dues, attendance, check-ins, opinions,
    requests...), as plain values ({model label: [rows]}, rows as Django's "python"
    serialization). Built from the relations, so a new app's rows are included without
    changing this function. Reading the member's own sensitive row is logged."""
    record = serializers.serialize("python", [member])[0]
    record["fields"].pop("user", None)
    data: dict[str, Any] = {
        "format": "chudong.member-data/1",
        "exported_at": timezone.now(),
        "member": record,
        "unit": {"code": member.unit.code, "name": member.unit.name},
        "related": {},
    }
    for relation in Member._meta.related_objects:
        if relation.related_model is Member or relation.get_accessor_name() in _EXPORT_SKIP:
            continue
        model = relation.related_model
        label = model._meta.label_lower
        if ".historical" in label or not (relation.one_to_one or relation.one_to_many):
            continue
        limit = 1 if relation.one_to_one else EXPORT_LIMIT
        rows = list(model._default_manager.filter(**{relation.field.name: member})[:limit])
        if rows and label == "members.membersensitive":
            policy.log_member_read(
                actor=actor, member=member, fields=["all"], purpose="own data download",
                request_path=request_path,
            )  # fmt: skip
        if rows:
            data["related"].setdefault(label, []).extend(serializers.serialize("python", rows))
    return data


def own_data_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
