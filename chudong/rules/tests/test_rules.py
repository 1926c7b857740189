from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chudong.rules import rules, services
from chudong.rules.models import Rule


def test_it_answers_with_the_version_in_force_on_the_date(world):
    assert rules.get("membership.min_age", on=dt.date(2010, 6, 1)) == 15
    assert rules.get("membership.min_age", on=dt.date(2011, 1, 1)) == 16
    assert rules.get("rating.levels", on=dt.date(2022, 12, 31))[1] == "good"
    assert rules.get("rating.levels", on=dt.date(2023, 6, 1))[2] == "completed"
    assert rules.fraction("dues.retained_share", on=dt.date(2024, 1, 1)) == pytest.approx(2 / 3)


def test_it_prefers_the_nearest_issuing_unit_for_its_subtree(world):
    Rule.objects.create(
        key="meetings.months_between", value=3, valid_from=dt.date(2024, 1, 1),
        unit=world.unit("TA"), document="Hướng dẫn của Tỉnh đoàn Hải Đăng",
    )  # fmt: skip
    rules.forget()
    on = dt.date(2025, 1, 1)
    assert rules.get("meetings.months_between", on=on, unit=world.unit("TA.G1.B1")) == 3
    assert rules.get("meetings.months_between", on=on, unit=world.unit("TB.G1.B1")) == 1
    assert rules.get("meetings.months_between", on=dt.date(2023, 1, 1), unit=world.unit("TA")) == 1


def test_it_refuses_unknown_rules_and_dates_before_any_version(world):
    with pytest.raises(LookupError):
        rules.get("no.such.rule", on=dt.date(2025, 1, 1))
    with pytest.raises(LookupError):
        rules.get("card.reissue_decided_by", on=dt.date(2020, 1, 1))


def test_it_lets_the_central_administrator_issue_a_new_national_version(world):
    services.rule_version_add(
        actor=world.central_admin, key="dues.monthly_salaried", raw_value="10.000",
        valid_from=dt.date(2026, 1, 1), document="Nghị quyết giả định của BCH TW Đoàn",
    )  # fmt: skip
    rules.forget()
    assert rules.get("dues.monthly_salaried", on=dt.date(2025, 12, 31)) == 5000
    assert rules.get("dues.monthly_salaried", on=dt.date(2026, 1, 1)) == 10000


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("dues.monthly_salaried", "năm nghìn", "whole number"),
        ("dues.retained_share", "2:3", "fraction"),
        ("dues.retained_share", "2/0", "fraction"),
        ("rating.levels", " , ", "commas"),
    ],
)
def test_it_explains_a_malformed_value(world, key, raw, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.rule_version_add(
            actor=world.central_admin, key=key, raw_value=raw,
            valid_from=dt.date(2026, 1, 1), document="x",
        )  # fmt: skip
    assert message in str(error.value)


def test_it_refuses_anyone_without_the_capability(world):
    with pytest.raises(PermissionDenied):
        services.rule_version_add(
            actor=world.staff_a, key="maturation.age", raw_value="32",
            valid_from=dt.date(2026, 1, 1), document="x",
        )  # fmt: skip


def test_it_shows_every_rule_with_its_source_and_a_form_only_to_issuers(world, login):
    page = login(world.staff_a).get("/rules/").content.decode()
    assert "Nghị quyết 07-NQ/TWĐTN, 25/11/2010" in page
    assert "5.000 đ" in page
    assert 'name="value"' not in page

    response = login(world.central_admin).post(
        "/rules/",
        {"key": "maturation.age", "value": "31", "valid_from": "01/01/2026",
         "document": "Điều lệ Đoàn khóa XIII (giả định)"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Rule.objects.filter(key="maturation.age", value=31).exists()
