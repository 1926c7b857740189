"""Demo 1+1 referrals in Đoàn xã Phú Bình: members of its branches introduced young people
of the youth register to the Đoàn or the Hội this year; some joined the Hội, one declined,
the rest are pending (admission to the Đoàn comes from the admission procedure).

Written through the building services with the commune secretary's account; deterministic
(random.Random(2030)) for a given day.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from chudong.accounts.models import User
from chudong.building import services
from chudong.building.models import Into, Outcome
from chudong.core.paths import subtree_q
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit
from chudong.youth.models import Organisation, Youth, YouthStatus


def build(*, admin: User) -> None:
    commune = Unit.objects.filter(code="TN.XPB").first()
    actor = User.objects.filter(username="bithu.phubinh").first()
    if commune is None or actor is None:
        return
    rng = random.Random(2030)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    youths = list(
        Youth.objects.filter(subtree_q("unit_path", commune.path))
        .filter(status__in=[YouthStatus.CONTACT, YouthStatus.CANDIDATE])
        .order_by("id")
    )
    for index, youth in enumerate(youths):
        members = list(
            Member.objects.filter(
                subtree_q("unit_path", youth.unit_path if youth.unit.kind.is_branch else
                          commune.path), status__in=CURRENT_STATUSES,
            ).order_by("id")[:40]
        )  # fmt: skip
        if not members:
            continue
        into = Into.HOI if youth.organisation == Organisation.NONE and index % 3 == 0 else Into.DOAN
        referred_on = max(dt.date(today.year, 1, 2), today - dt.timedelta(days=rng.randint(5, 200)))
        referral = services.referral_create(
            actor=actor, member=rng.choice(members), youth=youth, into=into,
            referred_on=min(referred_on, today), note="Cùng xóm, tham gia Ngày Chủ nhật xanh",
        )  # fmt: skip
        if into == Into.HOI and index % 2 == 0:
            services.referral_set_outcome(actor=actor, referral=referral,
                                          outcome=Outcome.JOINED_HOI, outcome_on=today)  # fmt: skip
        elif index == 1:
            services.referral_set_outcome(actor=actor, referral=referral,
                                          outcome=Outcome.DECLINED, outcome_on=today)  # fmt: skip
