import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chudong.advisory import selectors, services
from chudong.advisory.models import Resource
from chudong.orgs import registry

from .conftest import resource_data


def test_value_must_be_positive_whole_number_vietnamese(world, today):
    for bad in (0, -5, None, "abc"):
        with pytest.raises(ValidationError) as caught:
            services.resource_create(
                actor=world.secretary, unit=world.unit("TA.G1"), data=resource_data(value=bad)
            )
        assert caught.value.message_dict["value"] == ["Giá trị phải là số đồng nguyên lớn hơn 0."]
    assert Resource.objects.count() == 0


def test_missing_fields_and_dates_vietnamese(world, today):
    data = resource_data(
        sponsor_name=" ", sponsor_kind="x", received_on=dt.date(2026, 12, 1),
        thanked_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.resource_create(actor=world.secretary, unit=world.unit("TA.G1"), data=data)
    errors = caught.value.message_dict
    assert errors["sponsor_name"] == ["Nhập tên nhà tài trợ."]
    assert errors["sponsor_kind"] == ["Chọn loại nhà tài trợ."]
    assert errors["received_on"] == ["Ngày không thể ở tương lai."]


def test_secretary_records_and_outsider_cannot(world, today):
    row = services.resource_create(
        actor=world.secretary, unit=world.unit("TA.G1"), data=resource_data()
    )
    assert row.unit_path == world.unit("TA.G1").path
    from django.http import Http404

    with pytest.raises(Http404):
        services.resource_create(
            actor=world.staff_b, unit=world.unit("TA.G1"), data=resource_data()
        )


def test_totals_roll_up_three_levels(world, today, add_resource):
    add_resource("TA", value=1_000_000)
    add_resource("TA.G1", value=2_000_000, form="in_kind")
    add_resource("TA.G1.B1", value=3_000_000)
    add_resource("TA.G1.B2", value=4_000_000)
    add_resource("TA.G2.B1", value=5_000_000)
    add_resource("TB.G1", value=100_000_000)  # another province: never counted
    add_resource("TA.G1.B1", value=7_000_000, received_on=dt.date(2025, 12, 31))  # last year

    total, children = selectors.resource_totals(unit=world.unit("TA"), year=2026)
    assert (total.count, total.cash, total.in_kind, total.total) == (5, 13_000_000, 2_000_000,
                                                                      15_000_000)  # fmt: skip
    by_code = {line.unit.code: line.total for line in children}
    assert by_code["TA.G1"] == 9_000_000
    assert by_code["TA.G2"] == 5_000_000
    total_g1, branches = selectors.resource_totals(unit=world.unit("TA.G1"), year=2026)
    assert total_g1.total == 9_000_000
    assert {b.unit.code: b.total for b in branches} == {"TA.G1.B1": 3_000_000,
                                                        "TA.G1.B2": 4_000_000}  # fmt: skip
    assert selectors.resource_totals(unit=world.unit("TA.G1.B1"), year=2025)[0].total == 7_000_000

    figure = next(f for f in registry.figures() if f.key == "advisory_resources_year")
    assert figure.compute(world.unit("TA")) == 15_000_000
    units = [world.unit("TA"), world.unit("TA.G1"), world.unit("TB")]
    assert figure.compute_many(units) == {
        units[0].pk: 15_000_000, units[1].pk: 9_000_000, units[2].pk: 100_000_000,
    }  # fmt: skip


def test_figure_is_one_query(world, today, add_resource, django_assert_num_queries):
    add_resource("TA.G1.B1")
    with django_assert_num_queries(1):
        selectors.resources_this_year_many([world.unit("TA"), world.unit("TA.G1")])
    with django_assert_num_queries(1):
        selectors.resources_this_year(world.unit("TA"))


def test_resource_links_activity_and_activity_shows_sponsors(world, today):
    from django.utils import timezone

    from chudong.activities.models import Activity

    start = timezone.now()
    unit = world.unit("TA.G1")
    activity = Activity.objects.create(
        unit=unit, unit_path=unit.path, is_project=True, kind="volunteer",
        title="Sân chơi thiếu nhi thôn 3", starts_at=start, ends_at=start,
    )  # fmt: skip
    row = services.resource_create(
        actor=world.secretary, unit=unit, data=resource_data(activity=activity)
    )
    assert selectors.sponsors_of(activity) == [row]
    other = world.unit("TB.G1")
    foreign = Activity.objects.create(
        unit=other, unit_path=other.path, kind="volunteer", title="Khác", starts_at=start,
        ends_at=start,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.resource_create(
            actor=world.secretary, unit=unit, data=resource_data(activity=foreign)
        )
    assert "activity" in caught.value.message_dict


def test_pages_scope_and_form(world, today, login, add_resource):
    row = add_resource("TA.G1.B1")
    client = login(world.secretary)
    page = client.get(reverse("advisory:resources", args=[world.unit("TA.G1").pk]))
    assert page.status_code == 200
    assert "Ngân hàng Nông nghiệp" in page.content.decode()
    assert client.get(reverse("advisory:resource", args=[row.pk])).status_code == 200
    response = client.post(
        reverse("advisory:resource_new", args=[world.unit("TA.G1").pk]),
        {"sponsor_name": "Cửa hàng Minh Phát", "sponsor_kind": "business", "form": "cash",
         "value": "0", "received_on": "2026-11-01", "purpose": "Quà"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Giá trị phải là số đồng nguyên lớn hơn 0." in response.content.decode()
    response = client.post(
        reverse("advisory:resource_new", args=[world.unit("TA.G1").pk]),
        {"sponsor_name": "Cửa hàng Minh Phát", "sponsor_kind": "business", "form": "cash",
         "value": "1500000", "received_on": "2026-11-01", "purpose": "Quà"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Resource.objects.filter(sponsor_name="Cửa hàng Minh Phát", value=1_500_000).exists()

    outsider = login(world.staff_b)
    assert outsider.get(reverse("advisory:resource", args=[row.pk])).status_code == 404
    assert outsider.get(reverse("advisory:resource_edit", args=[row.pk])).status_code == 404
    assert (
        outsider.get(reverse("advisory:resources", args=[world.unit("TA.G1").pk])).status_code
        == 404
    )


def test_list_query_count_pinned(world, today, login, add_resource, django_assert_max_num_queries):
    for code in ("TA.G1", "TA.G1.B1", "TA.G1.B2", "TA.G2", "TA.G2.B1"):
        for _ in range(3):
            add_resource(code)
    client = login(world.staff_a)
    url = reverse("advisory:resources", args=[world.unit("TA").pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.content.decode().count("Ngân hàng Nông nghiệp") == 15
