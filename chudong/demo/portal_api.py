"""Demo entry points to the member portal and the API, printed by `make run`:

- an activation code for a member of Ngô Văn Khánh's branch who has no account yet, so
  that the phone journey can start where a real member starts (/activate/);
- two API tokens: Khánh's personal token (his documents, check-in) and the token of a
  service account of Tỉnh đoàn Thái Nguyên (a provincial system: units, members,
  procedures of the whole province).

Real codes and tokens are random and shown once; these demo ones are fixed strings so that
they can be printed again at every start. They are made through the real services, then
given the fixed secret. Demo data only: a real deployment never runs `seed_demo`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from chudong.access.models import Role
from chudong.accounts.models import User
from chudong.api import services as api_services
from chudong.api.models import ApiToken
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit
from chudong.portal import services as portal_services
from chudong.portal.models import Invitation

BRANCH = "TN.PB.HS.CD01"  # Chi đoàn tổ dân phố Đồng Tâm, Khánh's branch
PROVINCE = "TN"
ACTIVATION_CODE = "DEMO2026"
MEMBER_TOKEN = "cd_demo-doanvien-khanh-2026"  # noqa: S105 - demo data only, printed
SERVICE_TOKEN = "cd_demo-tinhdoan-thainguyen-2026"  # noqa: S105 - demo data only, printed
SERVICE_NAME = "Hệ thống báo cáo Tỉnh đoàn Thái Nguyên"


def _give_secret(token: ApiToken, raw: str) -> None:
    ApiToken.objects.filter(pk=token.pk).update(prefix=raw[:10], digest=api_services.digest_of(raw))


def _invitee(branch: Unit) -> Member | None:
    """The branch's first current member without an account, with a full date of birth."""
    return (
        Member.objects.filter(
            unit=branch, user__isnull=True, status__in=CURRENT_STATUSES,
            merged_into__isnull=True, birth_year_only=False,
        )
        .order_by("pk")
        .first()
    )  # fmt: skip


def build(*, admin: User) -> None:
    branch = Unit.objects.filter(code=BRANCH).first()
    province = Unit.objects.filter(code=PROVINCE).first()
    khanh = User.objects.filter(username="doanvien.khanh").first()
    secretary = User.objects.filter(username="bithu.dongtam").first()
    if branch is None or province is None:
        return
    invitee = _invitee(branch)
    if invitee is not None and secretary is not None:
        invitation, _code = portal_services.invitation_create(actor=secretary, member=invitee)
        Invitation.objects.filter(pk=invitation.pk).update(
            code_hash=portal_services.code_hash(ACTIVATION_CODE)
        )
    if khanh is not None:
        token, _raw = api_services.token_create_personal(
            actor=khanh, name="Ứng dụng di động (demo)"
        )
        _give_secret(token, MEMBER_TOKEN)
    token, _raw = api_services.service_account_create(
        actor=admin, unit=province, role=Role.objects.get(code="staff"), name=SERVICE_NAME
    )
    _give_secret(token, SERVICE_TOKEN)


@dataclass
class Entry:
    label: str
    secret: str
    detail: str


def entries() -> list[Entry]:
    """What `seed_demo` prints: the demo code and tokens that still work."""
    result = []
    invitation = (
        Invitation.objects.filter(
            code_hash=portal_services.code_hash(ACTIVATION_CODE), used_at__isnull=True,
            revoked_at__isnull=True, expires_at__gt=timezone.now(),
        )
        .select_related("member")
        .first()
    )  # fmt: skip
    if invitation is not None and invitation.member.user_id is None:
        member = invitation.member
        born = member.date_of_birth.strftime("%d/%m/%Y")
        until = timezone.localtime(invitation.expires_at).date()
        result.append(
            Entry(
                "activation code",
                ACTIVATION_CODE,
                f"/activate/ for {member.full_name}, born {born} (valid until {until:%d/%m/%Y})",
            )
        )
    digests = [api_services.digest_of(MEMBER_TOKEN), api_services.digest_of(SERVICE_TOKEN)]
    active = {
        token.digest: token
        for token in ApiToken.objects.filter(
            digest__in=digests, revoked_at__isnull=True
        ).select_related("user", "unit")
    }
    member_token = active.get(api_services.digest_of(MEMBER_TOKEN))
    if member_token is not None:
        result.append(
            Entry("API token", MEMBER_TOKEN, f"personal token of {member_token.user.username}")
        )
    service_token = active.get(api_services.digest_of(SERVICE_TOKEN))
    if service_token is not None:
        result.append(
            Entry(
                "API token",
                SERVICE_TOKEN,
                f"service account of {service_token.unit.name} ({SERVICE_NAME})",
            )
        )
    return result
