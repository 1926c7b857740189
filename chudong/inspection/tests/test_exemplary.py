"""Exemplary models and people: the register rolls up the subtree, an upper level
publishes a model for replication, a sibling finds and replicates it without ever reading
the names of the units it may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from chudong.inspection import selectors, services
from chudong.inspection.models import Exemplary, Replication

from .conftest import exemplary_data


def test_it_refuses_bad_models_with_vietnamese_messages(world, today, make_member):
    outsider_member = make_member("TB.G1.B1")
    data = exemplary_data(
        kind="person",
        member=outsider_member,
        link="javascript:alert(1)",
        decision_number="12-QĐ/ĐTN",
    )
    with pytest.raises(ValidationError) as caught:
        services.exemplary_create(actor=world.secretary, unit=world.unit("TA.G1"), data=data)
    errors = caught.value.message_dict
    assert errors["member"] == ["Chọn một đoàn viên của đơn vị này hoặc đơn vị trực thuộc."]
    assert errors["link"] == ["Nhập địa chỉ web bắt đầu bằng http:// hoặc https://."]
    assert errors["commendation"] == ["Chọn cấp khen thưởng."]
    assert not Exemplary.objects.exists()


def test_register_rolls_up_and_a_published_model_is_replicated(
    world, today, login, make_member, school_secretary
):
    volunteer = make_member("TA.G1.B1", full_name="Ngô Thị Hoa")
    person = services.exemplary_create(
        actor=world.secretary,
        unit=world.unit("TA.G1"),
        data=exemplary_data(
            kind="person",
            title="Gương thanh niên hiến máu 15 lần",
            member=volunteer,
            commendation="province",
            decision_number="45-QĐ/TĐTN",
            decision_on=dt.date(2026, 3, 26),
        ),
    )
    model = services.exemplary_create(
        actor=world.secretary, unit=world.unit("TA.G1"), data=exemplary_data()
    )
    assert person.who == "Ngô Thị Hoa"
    province = login(world.staff_a).get(
        reverse("inspection:exemplaries", args=[world.unit("TA").pk])
    )
    assert "Thắp sáng đường quê" in province.content.decode()
    assert "Gương thanh niên hiến máu 15 lần" in province.content.decode()
    branch = login(world.branch_secretary).get(
        reverse("inspection:exemplaries", args=[world.unit("TA.G1.B1").pk])
    )
    assert "Thắp sáng đường quê" not in branch.content.decode()

    # Not published yet: the sibling school union neither finds nor opens it.
    school = login(school_secretary)
    detail_url = reverse("inspection:exemplary", args=[model.pk])
    assert school.get(detail_url).status_code == 404
    to_replicate = reverse("inspection:to_replicate", args=[world.unit("TA.G2").pk])
    assert "Thắp sáng đường quê" not in school.get(to_replicate).content.decode()
    # The commune cannot publish it across the province; the province can.
    with pytest.raises(Http404):  # the province is above its scope
        services.exemplary_share(actor=world.secretary, exemplary=model, by_unit=world.unit("TA"))
    response = login(world.staff_a).post(
        reverse("inspection:exemplary_share", args=[model.pk]), {"by_unit": world.unit("TA").pk}
    )
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.shared_path == world.unit("TA").path

    school = login(school_secretary)
    assert "Thắp sáng đường quê" in school.get(to_replicate).content.decode()
    page = school.get(detail_url)
    assert page.status_code == 200
    response = school.post(
        detail_url,
        {"unit": world.unit("TA.G2").pk, "started_on": "2026-09-02", "note": "Lắp 40 bóng đèn"},
    )
    assert response.status_code == 302
    assert Replication.objects.get().unit == world.unit("TA.G2")
    again = school.post(detail_url, {"unit": world.unit("TA.G2").pk, "started_on": "2026-09-03"})
    assert "Việc nhân rộng của đơn vị này đã được ghi nhận." in again.content.decode()
    # The commune sees that it was replicated, but not by whom (a sibling).
    commune = login(world.secretary).get(detail_url).content.decode()
    assert "Đoàn trường THPT Sao Mai" not in commune
    assert "và 1 đơn vị khác" in commune
    assert "Đoàn trường THPT Sao Mai" in login(world.staff_a).get(detail_url).content.decode()
    # The sibling may not edit it (one test client: log the school back in).
    school = login(school_secretary)
    assert school.get(reverse("inspection:exemplary_edit", args=[model.pk])).status_code == 404

    counts = selectors.recognition_counts(unit=world.unit("TA"), year=2026)
    assert (
        counts["models"] == 2 == selectors.models_recorded(unit=world.unit("TA"), year=2026).count()
    )
    assert counts["replications"] == 1
    assert counts["models_replicated"] == 1
    g1 = selectors.recognition_counts(unit=world.unit("TA.G1"), year=2026)
    assert (g1["models"], g1["replications"], g1["models_replicated"]) == (2, 0, 1)
    many = selectors.recognition_counts_many([world.unit("TA.G1"), world.unit("TA.G2")], 2026)
    assert many[world.unit("TA.G2").pk]["replications"] == 1
    assert many[world.unit("TA.G1").pk]["models_replicated"] == 1
