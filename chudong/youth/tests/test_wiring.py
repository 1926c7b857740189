"""The youth app's rule is known to the rules catalogue by key, not only listed."""

from __future__ import annotations

import datetime as dt

from chudong.rules import catalog, rules
from chudong.rules.services import rule_version_add
from chudong.youth import services

from .conftest import TODAY


def test_it_indexes_the_opinion_rule_so_a_new_version_can_be_issued(world):
    spec = catalog.BY_KEY[services.ANSWER_DAYS_RULE]
    assert [k for k in catalog.KEYS if k.key == services.ANSWER_DAYS_RULE] == [spec]

    rule = rule_version_add(
        actor=world.central_admin,
        key=services.ANSWER_DAYS_RULE,
        raw_value="21",
        valid_from=TODAY - dt.timedelta(days=1),
        document="Hướng dẫn thử",
    )

    assert rule.value == 21
    rules.forget()
    assert rules.get(services.ANSWER_DAYS_RULE, on=TODAY) == 21
