"""Demo procedures of the transfers app, made through its services by the demo accounts:

- transfers done: within Đoàn xã Phú Bình, from Phú Bình to Đoàn xã Đại Từ, and from
  Phú Bình to Tỉnh đoàn Tuyên Quang; one refused; a member working far away, one on
  temporary activity and one taking part at the place of residence;
- one in transit from Phú Bình to Đại Từ (sent a few days ago), one stuck across
  provinces (Thái Nguyên → Tuyên Quang, past its deadline);
- last year's maturation ceremony of Đoàn xã Phú Bình done, this year's list pending,
  one member kept at her request;
- one member struck off by his branch, one proposal open.

Dates count back from the day the demo is loaded; the members are picked by a fixed
order, so the same day gives the same data.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from chudong.accounts.models import User
from chudong.members.models import Member, MemberStatus, MemberUnitPeriod
from chudong.orgs.models import Unit
from chudong.transfers import selectors, services
from chudong.transfers.models import Transfer


class _Demo:
    def __init__(self, admin: User):
        self.today = timezone.localdate()
        self.admin = admin
        self.taken: set[int] = set()
        self.users = {u.username: u for u in User.objects.filter(username__contains=".")}

    def user(self, username: str) -> User:
        return self.users.get(username) or self.admin

    def unit(self, code: str) -> Unit:
        return Unit.objects.select_related("kind").get(code=code)

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def pick(self, branch_code: str, on: dt.date) -> Member:
        """The first active member of the branch (by record number) free since `on`, not
        near the maturation age and not picked yet."""
        start = MemberUnitPeriod.objects.filter(member=OuterRef("pk"), end__isnull=True)
        member = (
            Member.objects.filter(
                unit__code=branch_code,
                status=MemberStatus.ACTIVE,
                status_since__lte=on,
                user__isnull=True,
                date_of_birth__gt=dt.date(on.year - 28, 1, 1),
                admission_date__lte=on,
            )
            .exclude(pk__in=self.taken)
            .annotate(_since=Subquery(start.values("start")[:1]))
            .filter(_since__lte=on)
            .select_related("unit")
            .order_by("pk")
            .first()
        )
        if member is None:
            raise LookupError(f"no free member in {branch_code} on {on}")
        self.taken.add(member.pk)
        return member

    def request(
        self, member, to_code, *, days_ago, actor="bithu.phubinh", kind="official", **extra
    ):
        on = self.ago(days_ago)
        return services.transfer_request(
            actor=self.user(actor),
            member=member,
            kind=kind,
            to_unit=self.unit(to_code),
            reason=extra.pop("reason", "Chuyển nơi cư trú theo gia đình"),
            branch_comment=extra.pop(
                "comment", "Có tinh thần trách nhiệm, tham gia đầy đủ sinh hoạt chi đoàn."
            ),
            dues_paid_through=on.replace(day=1),
            requested_on=on,
            **extra,
        )

    def introduce(self, case, *, days_ago, number):
        return services.transfer_introduce(
            actor=self.user("bithu.phubinh"),
            transfer=case,
            introduced_on=self.ago(days_ago),
            introduction_number=number,
        )

    def receive(self, case, branch_code, *, days_ago, actor):
        return services.transfer_receive(
            actor=self.user(actor),
            transfer=case,
            to_branch=self.unit(branch_code),
            received_on=self.ago(days_ago),
        )


def _transfers(demo: _Demo) -> None:
    # Done: from one hamlet to another within Đoàn xã Phú Bình.
    case = demo.request(demo.pick("TN.PB.HS.CD01", demo.ago(120)), "TN.PB.XP.CD01", days_ago=120)
    case = demo.introduce(case, days_ago=118, number="21-GT/ĐTN")
    demo.receive(case, "TN.PB.XP.CD01", days_ago=115, actor="bithu.phubinh")
    # Done: from Phú Bình to Đoàn xã Đại Từ (received by the province's staff).
    case = demo.request(demo.pick("TN.PB.XP.CD02", demo.ago(200)), "TN.XDT", days_ago=200)
    case = demo.introduce(case, days_ago=196, number="14-GT/ĐTN")
    demo.receive(case, "TN.DT.QC.CD01", days_ago=190, actor="tn.bantochuc")
    # Done: to Tuyên Quang.
    case = demo.request(
        demo.pick("TN.PB.UK.CD01", demo.ago(90)), "TQ.HY", days_ago=90, reason="Lấy chồng ở Hàm Yên"
    )
    case = demo.introduce(case, days_ago=88, number="27-GT/ĐTN")
    demo.receive(case, "TQ.HY.CD01", days_ago=80, actor="tq.bantochuc")
    # Refused: the address was not in the ward.
    case = demo.request(demo.pick("TN.PB.XP.CD03", demo.ago(70)), "TQ.MT", days_ago=70)
    case = demo.introduce(case, days_ago=69, number="29-GT/ĐTN")
    services.transfer_refuse(
        actor=demo.user("tq.bantochuc"),
        transfer=case,
        reason="Địa chỉ thường trú không thuộc phường Minh Xuân; đề nghị giới thiệu về xã Hàm Yên.",
    )
    # In transit from Phú Bình to Đại Từ, sent a few days ago.
    case = demo.request(demo.pick("TN.PB.HS.CD02", demo.ago(6)), "TN.XDT", days_ago=6)
    demo.introduce(case, days_ago=4, number="35-GT/ĐTN")
    # Stuck across provinces: introduced to Tuyên Quang and never answered.
    case = demo.request(
        demo.pick("TN.PB.HS.CD03", demo.ago(52)),
        "TQ.MT",
        days_ago=52,
        reason="Chuyển công tác về Tuyên Quang",
    )
    demo.introduce(case, days_ago=47, number="31-GT/ĐTN")
    # Arrangements in effect: temporary activity, residence, working far away.
    case = demo.request(
        demo.pick("TN.PB.XP.CD01", demo.ago(60)),
        "TN.XDT",
        days_ago=60,
        kind="temporary",
        reason="Thực tập tại xã Đại Từ 6 tháng",
        until=demo.ago(60) + dt.timedelta(days=180),
    )
    case = demo.introduce(case, days_ago=59, number="30-GT/ĐTN")
    demo.receive(case, "TN.DT.LC.CD02", days_ago=55, actor="tn.bantochuc")
    case = demo.request(
        demo.pick("TN.PB.UK.CD02", demo.ago(150)),
        "TN.PDP",
        days_ago=150,
        kind="residence",
        reason="Tạm trú dài hạn tại tổ dân phố 5, phường Phan Đình Phùng",
    )
    case = demo.introduce(case, days_ago=149, number="18-GT/ĐTN")
    demo.receive(case, "TN.PDP.CD02", days_ago=140, actor="tn.bantochuc")
    start = demo.ago(100)
    services.transfer_record_working_far(
        actor=demo.user("bithu.dongtam"),
        member=demo.pick("TN.PB.HS.CD01", start),
        destination_note="Khu công nghiệp Yên Phong, tỉnh Bắc Ninh",
        reason="Làm công nhân theo hợp đồng 1 năm",
        start_on=start,
        until=start + dt.timedelta(days=365),
    )


def _maturation(demo: _Demo) -> None:
    unit = demo.unit("TN.XPB")
    secretary = demo.user("bithu.phubinh")
    last_year = demo.today.year - 1
    dates, _suggested = selectors.ceremony_suggestions(unit=unit, year=last_year)
    ceremony = dates[-1]
    preview = selectors.maturation_preview(
        actor=secretary, unit=unit, year=last_year, ceremony_on=ceremony
    )
    if preview.maturing:
        services.maturation_batch_confirm(
            actor=secretary,
            unit=unit,
            year=last_year,
            ceremony_on=ceremony,
            expected_member_ids=preview.member_ids,
            decision_number=f"52-QĐ/ĐTN-{last_year}",
            note="Lễ trưởng thành Đoàn kết hợp kỷ niệm ngày thành lập QĐND Việt Nam",
        )
    # This year's list stays pending; one member asked to stay and the branch agreed.
    listing = selectors.maturation_preview(
        actor=secretary,
        unit=unit,
        year=demo.today.year,
        ceremony_on=selectors.list_day(demo.today.year),
    )
    for row in listing.maturing:
        if row.turns_on <= demo.today and row.member.unit.code.startswith("TN.PB.HS"):
            services.maturation_keep(
                actor=secretary,
                member=row.member,
                reason="Đang là tổ trưởng tổ thanh niên xung kích; xin tiếp tục sinh hoạt.",
                until=row.turns_on + dt.timedelta(days=365),
            )
            break


def _strike_off(demo: _Demo) -> None:
    actor = demo.user("bithu.dongtam")
    on = demo.ago(20)
    months = []
    month = (on.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for _ in range(3):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    case = services.strike_off_propose(
        actor=actor,
        member=demo.pick("TN.PB.HS.CD01", on),
        grounds=(
            "Không tham gia sinh hoạt chi đoàn và không đóng đoàn phí 3 tháng liên tiếp; "
            "chi đoàn đã gặp gỡ, nhắc nhở 2 lần nhưng không có lý do chính đáng."
        ),
        months=months,
        proposed_on=on,
    )
    services.strike_off_decide(
        actor=actor,
        case=case,
        decided_on=demo.ago(12),
        decision_number="03/BB-CĐ",
        votes_present=14,
        votes_for=13,
    )
    services.strike_off_propose(
        actor=actor,
        member=demo.pick("TN.PB.HS.CD01", demo.ago(3)),
        grounds="Bỏ sinh hoạt 3 tháng, điện thoại không liên lạc được.",
        months=months,
        proposed_on=demo.ago(3),
    )


def build(*, admin: User) -> int:
    """Create the demo cases (after the demo members). Returns the number of transfers."""
    demo = _Demo(admin)
    _transfers(demo)
    _maturation(demo)
    _strike_off(demo)
    return Transfer.objects.count()
