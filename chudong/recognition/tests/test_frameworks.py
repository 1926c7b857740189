"""Criteria tables as data: the seeded central tables, the table in force found from the
tree, a province's adjusted copy, and the recognition rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chudong.recognition import services
from chudong.recognition.models import Framework, RecognitionRule
from chudong.recognition.selectors import framework_in_force

pytestmark = pytest.mark.django_db


def test_it_seeds_the_two_central_tables_with_three_pillars_and_fifteen_criteria(world):
    central = Framework.objects.filter(issuer__isnull=True).order_by("start_year")
    assert [(f.start_year, f.end_year) for f in central] == [(2018, 2022), (2023, 2027)]
    for framework in central:
        assert framework.pillars.count() == 3
        codes = list(framework.criteria.values_list("code", flat=True))
        assert codes == [f"{p}.{n}" for p in (1, 2, 3) for n in range(1, 6)]
        assert framework.rule == RecognitionRule.ALL_PILLARS
    old, new = central
    assert "chính quyền" in new.pillars.get(number=3).title
    assert "chính quyền" not in old.pillars.get(number=3).title
    assert new.criteria.get(code="2.3").indicator_code == "meetings.branches_every_period"


def test_the_table_in_force_is_the_nearest_issuers_for_the_year(world):
    commune, other = world.unit("TA.G1"), world.unit("TB.G1")
    assert framework_in_force(unit=commune, year=2020).start_year == 2018
    assert framework_in_force(unit=commune, year=2026).issuer_id is None
    central = framework_in_force(unit=commune, year=2026)

    copy = services.framework_copy(
        actor=world.staff_a, source=central, issuer=world.unit("TA"), name=""
    )

    assert framework_in_force(unit=commune, year=2026) == copy
    assert framework_in_force(unit=commune, year=2020).issuer_id is None
    assert framework_in_force(unit=other, year=2026) == central
    assert copy.criteria.count() == 15 and copy.copied_from == central
    assert framework_in_force(unit=commune, year=2031) is None


def test_a_grassroots_secretary_cannot_issue_a_table_and_a_province_only_once(world):
    central = framework_in_force(unit=world.unit("TA.G1"), year=2026)
    with pytest.raises(PermissionDenied):
        services.framework_copy(
            actor=world.secretary, source=central, issuer=world.unit("TA.G1"), name=""
        )
    with pytest.raises(PermissionDenied):
        services.framework_copy(
            actor=world.staff_b, source=central, issuer=world.unit("TA"), name=""
        )
    services.framework_copy(actor=world.staff_a, source=central, issuer=world.unit("TA"), name="")
    with pytest.raises(ValidationError) as error:
        services.framework_copy(
            actor=world.staff_a, source=central, issuer=world.unit("TA"), name="Lần hai"
        )
    assert "đã có bảng tiêu chí riêng" in str(error.value) or "already" in str(error.value)


def _points_table(world):
    central = framework_in_force(unit=world.unit("TB.G1"), year=2026)
    copy = services.framework_copy(
        actor=world.staff_b, source=central, issuer=world.unit("TB"), name="Bảng điểm Ngân Sơn"
    )
    rows = [
        {
            "id": c.pk,
            "title": c.title,
            "scoring": "points",
            "max_points": 10,
            "indicator_code": c.indicator_code,
            "threshold": c.threshold,
        }
        for c in copy.criteria.all()
    ]
    data = {
        "name": copy.name,
        "document": "Hướng dẫn 05-HD/TĐTN",
        "rule": "points",
        "min_points": 120,
        "min_criterion_points": 5,
    }
    return services.framework_update(actor=world.staff_b, framework=copy, data=data, criteria=rows)


def test_a_province_adjusts_its_copy_to_a_points_rule(world):
    table = _points_table(world)
    table.refresh_from_db()
    assert table.rule == RecognitionRule.POINTS and table.min_points == 120
    assert set(table.criteria.values_list("max_points", flat=True)) == {10}
    ids = list(table.criteria.values_list("pk", flat=True))
    assert services.evaluate(table, {pk: Decimal(8) for pk in ids})  # 120 points
    assert not services.evaluate(table, {pk: Decimal(7) for pk in ids})  # 105 points
    lopsided = {pk: Decimal(10) for pk in ids}
    lopsided[ids[0]] = Decimal(4)  # 144 points but one criterion below 5
    assert not services.evaluate(table, lopsided)


def test_the_points_rule_needs_its_numbers(world):
    central = framework_in_force(unit=world.unit("TB.G1"), year=2026)
    copy = services.framework_copy(
        actor=world.staff_b, source=central, issuer=world.unit("TB"), name=""
    )
    with pytest.raises(ValidationError) as error:
        services.framework_update(
            actor=world.staff_b,
            framework=copy,
            criteria=[],
            data={"name": "X", "rule": "points", "min_points": None, "min_criterion_points": None},
        )
    assert set(error.value.message_dict) == {"min_points", "min_criterion_points"}


def test_every_pillar_rule_needs_every_criterion_met(world):
    central = framework_in_force(unit=world.unit("TA.G1"), year=2026)
    ids = list(central.criteria.values_list("pk", flat=True))
    assert services.evaluate(central, {pk: Decimal(1) for pk in ids})
    assert not services.evaluate(central, {pk: Decimal(1) for pk in ids[1:]})


def test_the_tables_page_copies_and_the_edit_page_adjusts(world, login):
    client = login(world.staff_a)
    province = world.unit("TA")
    central = framework_in_force(unit=province, year=2026)
    page = client.get(f"/units/{province.pk}/recognition/frameworks/")
    assert "giai đoạn 2023–2027" in page.content.decode()

    response = client.post(
        f"/units/{province.pk}/recognition/frameworks/",
        {"source": central.pk, "name": "Bảng tiêu chí Hải Đăng"},
    )

    copy = Framework.objects.get(issuer=province)
    assert response.status_code == 302 and copy.name == "Bảng tiêu chí Hải Đăng"
    edit = f"/units/{province.pk}/recognition/frameworks/{copy.pk}/edit/"
    assert client.get(edit).status_code == 200
    data = {
        "name": copy.name,
        "document": "",
        "rule": "all_pillars",
        "c-TOTAL_FORMS": 15,
        "c-INITIAL_FORMS": 15,
    }
    for index, criterion in enumerate(copy.criteria.all()):
        data.update(
            {
                f"c-{index}-id": criterion.pk,
                f"c-{index}-title": criterion.title,
                f"c-{index}-scoring": "met",
                f"c-{index}-indicator_code": criterion.indicator_code,
                f"c-{index}-threshold": "",
            }
        )
    data["c-6-threshold"] = "3"  # 2.2: at least three youth projects
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert copy.criteria.get(code="2.2").threshold == 3
    assert client.get(edit.replace("/edit/", "/")).status_code == 200
    # The secretary of a union below reads the table but may not adjust it.
    secretary = login(world.secretary)
    assert secretary.get(edit).status_code == 404  # TA is not the secretary's unit
