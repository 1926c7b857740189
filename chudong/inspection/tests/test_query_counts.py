"""List pages read a bounded number of queries, however many rows they show."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from chudong.inspection import services

from .conftest import exemplary_data, inspection_data


def _fill(world, n):
    for index in range(n):
        inspection = services.inspection_create(
            actor=world.staff_a,
            unit=world.unit("TA"),
            data=inspection_data(
                world,
                content=f"Nội dung {index}",
                subject=world.unit("TA.G1" if index % 2 else "TA.G2"),
            ),
        )
        services.recommendation_add(
            actor=world.staff_a,
            inspection=inspection,
            data={"text": f"Kiến nghị {index}", "deadline": dt.date(2026, 6, 30)},
        )
        model = services.exemplary_create(
            actor=world.staff_a,
            unit=world.unit("TA.G1"),
            data=exemplary_data(title=f"Mô hình {index}"),
        )
        services.exemplary_share(actor=world.staff_a, exemplary=model, by_unit=world.unit("TA"))


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_list_pages_do_not_grow_with_their_rows(world, today, login, django_assert_max_num_queries):
    client = login(world.staff_a)
    ta = world.unit("TA").pk
    pages = [
        (reverse("inspection:unit", args=[ta]), UNIT_PAGE, "Nội dung 5"),
        (reverse("inspection:overdue", args=[ta]), OVERDUE_PAGE, "Kiến nghị 5"),
        (reverse("inspection:exemplaries", args=[ta]), REGISTER_PAGE, "Mô hình 5"),
        (
            reverse("inspection:to_replicate", args=[world.unit("TA.G2").pk]),
            REGISTER_PAGE,
            "Mô hình 5",
        ),
    ]
    _fill(world, 2)
    for url, limit, _text in pages:
        _count(client, url, django_assert_max_num_queries, limit)
    _fill(world, 6)
    for url, limit, text in pages:
        body = _count(client, url, django_assert_max_num_queries, limit).content.decode()
        assert text in body, url


# Session and user, the actor's grants, the unit and its breadcrumbs, then the page's own.
UNIT_PAGE = 14
OVERDUE_PAGE = 5
REGISTER_PAGE = 6
REVIEWS_PAGE = 7
