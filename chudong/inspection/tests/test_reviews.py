"""Year-end self-criticism and criticism: the collective's and each leader's, the leaders
taken from the unit's current role assignments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chudong.inspection import services
from chudong.inspection.models import Review

from .conftest import review_data


def test_it_refuses_an_empty_review_and_a_person_outside_the_leadership(world, today):
    unit = world.unit("TA.G1")
    with pytest.raises(ValidationError) as caught:
        services.review_save(
            actor=world.secretary,
            unit=unit,
            person=world.member,
            data=review_data(strengths="", self_rating="bad"),
        )
    errors = caught.value.message_dict
    assert errors["strengths"] == ["Nhập ưu điểm."]
    assert errors["self_rating"] == ["Chọn mức tự xếp loại."]
    assert errors["person"] == ["Vũ Thị Thu hiện không giữ chức vụ lãnh đạo nào ở đơn vị này."]
    assert not Review.objects.exists()


def test_the_collective_and_the_secretary_review_their_year(world, today, login):
    unit = world.unit("TA.G1")
    client = login(world.secretary)
    sheet = client.get(reverse("inspection:reviews", args=[unit.pk]) + "?year=2026")
    body = sheet.content.decode()
    assert "Lê Thị Bình" in body  # the secretary, from her role assignment
    assert "Vũ Thị Thu" not in body  # a plain member of a branch
    url = reverse("inspection:review_new", args=[unit.pk]) + "?year=2026"
    form = {k: v for k, v in review_data().items() if v is not None and k != "year"}
    form["reviewed_on"] = "2026-11-20"
    response = client.post(url, form)
    collective = Review.objects.get(person=None)
    assert response["Location"] == reverse("inspection:review", args=[collective.pk])
    assert collective.year == 2026
    response = client.post(
        url + f"&person={world.secretary.pk}",
        {
            **form,
            "self_rating": "excellent",
            "agreed_rating": "good",
            "criticism": "Cần sâu sát chi đoàn hơn",
        },
    )
    personal = Review.objects.get(person=world.secretary)
    assert personal.post == "Bí thư"
    assert personal.agreed_rating == "good"
    # Writing the collective review again updates it, never a second one.
    client.post(url, {**form, "strengths": "Đã sửa"})
    assert Review.objects.filter(person=None).get().strengths == "Đã sửa"
    sheet = client.get(reverse("inspection:reviews", args=[unit.pk]) + "?year=2026")
    assert "Hoàn thành xuất sắc nhiệm vụ" in sheet.content.decode()
    # Outside the unit: a member who is not a leader cannot be reviewed through the URL.
    assert client.get(url + f"&person={world.member.pk}").status_code == 404
    assert (
        login(world.staff_b).get(reverse("inspection:review", args=[personal.pk])).status_code
        == 404
    )
    detail = login(world.staff_a).get(reverse("inspection:review", args=[personal.pk]))
    assert "Cần sâu sát chi đoàn hơn" in detail.content.decode()
