"""A province plan's progress at national scale (issue 6): Hồ Chí Minh City sets two
targets (admissions and ratings of 2025), cascades them to every grassroots union below,
and the progress is computed at every level and checked against a direct count; then
everything is rolled back. Run on the benchmark dataset:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chudong_bench \\
        .venv/bin/python -m bench.plan_progress

Measured 23/11/2026 at scale 1 (2 cores): cascade to 3,475 unions 34.9 s; progress of
both targets with their 6,950 sub-targets 5.5 s; 108,852 admissions, equal to the count.
"""

from __future__ import annotations

import os
import time
from decimal import Decimal

TARGETS = (
    ("Kết nạp đoàn viên mới", 5000, "members.admitted"),
    ("Đoàn viên được xếp loại", 90000, "ratings.rated"),
)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chudong.settings")
    import django

    django.setup()
    from django.db import transaction

    from chudong.accounts.models import User
    from chudong.members.models import Member, MemberStatus
    from chudong.orgs.models import Unit
    from chudong.plans import selectors, services

    from .samples import BIG_PROVINCE
    from .world import CENTRAL_USERNAMES

    actor = User.objects.get(username=CENTRAL_USERNAMES[0])
    province = Unit.objects.get(code=BIG_PROVINCE)
    with transaction.atomic():
        started = time.perf_counter()
        values = {"year": 2025, "title": "Kế hoạch năm 2025", "kind": "annual"}
        plan = services.plan_create(actor=actor, unit=province, values=values)
        targets = [
            services.target_add(
                actor=actor,
                plan=plan,
                values={
                    "label": label,
                    "unit_label": "đoàn viên",
                    "target_value": Decimal(goal),
                    "measure": measure,
                    "assigned_to": "",
                },
            )
            for label, goal, measure in TARGETS
        ]
        unions = 0
        for target in targets:
            unions = len(
                services.target_cascade(
                    actor=actor,
                    target=target,
                    scope=services.CASCADE_GRASSROOTS,
                    value=Decimal(5),
                )
            )
        print(f"cascade to {unions} grassroots unions: {time.perf_counter() - started:.1f} s")
        for _ in range(2):
            started = time.perf_counter()
            progress = selectors.progress_for(actor=actor, targets=targets)
            print(f"progress of both targets: {(time.perf_counter() - started) * 1000:.0f} ms")
        real = (
            Member.objects.filter(unit_path__startswith=province.path, admission_date__year=2025)
            .exclude(status=MemberStatus.MERGED)
            .count()
        )
        print(
            f"admissions of 2025: progress {progress[0].actual}, direct count {real}, "
            f"{len(progress[0].children)} unions below"
        )
        assert progress[0].actual == real
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
