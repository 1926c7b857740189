"""A rating is judged by the rules in force for its year: 2022 uses the 2011 guidance's
levels (xuất sắc, khá, trung bình, yếu kém), 2024 the 2023 guidance's four levels; a
province's own version applies to its subtree only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from chudong.ratings import services
from chudong.ratings.levels import rating_levels
from chudong.ratings.models import MemberRating
from chudong.rules.models import Rule

LATER = dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)


def test_a_2022_rating_uses_the_2011_levels_and_a_2024_rating_the_2023_ones(
    world, make_member, login
):
    with time_machine.travel(LATER):
        member = make_member(since=dt.date(2020, 1, 1))
        client = login(world.branch_secretary)
        old = client.get(f"/units/{world.unit('TA.G1.B1').pk}/ratings/2022/").content.decode()
        new = client.get(f"/units/{world.unit('TA.G1.B1').pk}/ratings/2024/").content.decode()
        assert "Đoàn viên khá" in old and "Đoàn viên yếu kém" in old
        assert "Hoàn thành tốt nhiệm vụ" not in old
        assert "Hoàn thành tốt nhiệm vụ" in new and "Đoàn viên khá" not in new

        # "average" exists only in the 2011 set; "completed" only in the 2023 one.
        services.rating_sheet_save(
            actor=world.branch_secretary,
            unit=world.unit("TA.G1.B1"),
            year=2022,
            entries=[services.RatingEntry(member.pk, "average")],
        )
        with pytest.raises(ValidationError) as refused:
            services.rating_sheet_save(
                actor=world.branch_secretary,
                unit=world.unit("TA.G1.B1"),
                year=2024,
                entries=[services.RatingEntry(member.pk, "average")],
            )
        assert f"level_{member.pk}" in refused.value.error_dict
        # In 2022 an excellent rating needed no Rèn luyện result; from 2023 it does.
        services.rating_sheet_save(
            actor=world.branch_secretary,
            unit=world.unit("TA.G1.B1"),
            year=2022,
            entries=[services.RatingEntry(member.pk, "excellent")],
        )
    assert MemberRating.objects.get(year=2022).level == "excellent"


def test_the_english_interface_names_the_levels_in_english(world, make_member, login):
    with time_machine.travel(LATER):
        make_member(since=dt.date(2020, 1, 1))
        client = login(world.branch_secretary)
        client.cookies["django_language"] = "en"
        page = client.get(
            f"/units/{world.unit('TA.G1.B1').pk}/ratings/2024/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "Completed the tasks" in page


def test_a_province_version_applies_to_its_own_subtree(world):
    Rule.objects.create(
        key="rating.levels",
        value=["excellent", "good", "completed", "not_completed", "special"],
        valid_from=dt.date(2024, 1, 1),
        unit=world.unit("TA"),
        document="Hướng dẫn của Tỉnh đoàn",
    )
    assert "special" in rating_levels(2024, world.unit("TA.G1.B1")).codes
    assert "special" not in rating_levels(2024, world.unit("TB.G1.B1")).codes
    assert "special" not in rating_levels(2023, world.unit("TA.G1.B1")).codes
