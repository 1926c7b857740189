"""The register of young people outside the Union, and admission without retyping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chudong.procedures import services as procedures
from chudong.procedures.models import AdmissionCase
from chudong.procedures.tests.conftest import AdmissionDriver
from chudong.youth import selectors, services
from chudong.youth.models import Youth, YouthStatus


def test_it_records_a_young_person_and_finds_them_without_accents(world, make_youth):
    make_youth(full_name="NGUYỄN THỊ HƯƠNG", phone="+84 912 345 678", workplace="Công ty May 10")
    make_youth(full_name="Trần Văn Đức", unit_code="TA.G1.B2", birth_year=2004)
    make_youth(full_name="Lê Văn Hùng", unit_code="TA.G2.B1", actor=world.staff_a)

    page = selectors.youth_list(actor=world.secretary, unit=world.unit("TA.G1"), q="huong")
    assert [y.full_name for y in page.rows] == ["Nguyễn Thị Hương"]
    assert page.rows[0].phone == "0912345678"
    page = selectors.youth_list(actor=world.secretary, unit=world.unit("TA.G1"), q="duc")
    assert [y.full_name for y in page.rows] == ["Trần Văn Đức"]
    # The list is the unit's subtree, in Vietnamese name order (by given name).
    page = selectors.youth_list(actor=world.staff_a, unit=world.unit("TA"))
    assert [y.full_name for y in page.rows] == ["Trần Văn Đức", "Lê Văn Hùng", "Nguyễn Thị Hương"]
    page = selectors.youth_list(actor=world.staff_a, unit=world.unit("TA"), q="0912 345")
    assert [y.full_name for y in page.rows] == ["Nguyễn Thị Hương"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"birth_year": None}, "birth_year", "Hãy nhập năm sinh (hoặc ngày sinh)."),
        ({"birth_year": 1900}, "birth_year", "Năm sinh phải từ 1950 đến 2026."),
        (
            {"birth_year": 2007, "date_of_birth": dt.date(2008, 2, 3)},
            "birth_year",
            "Năm sinh (2007) không khớp với ngày sinh (03/02/2008).",
        ),
        (
            {"organisation": "other"},
            "organisation_other",
            "Hãy ghi tên tổ chức mà thanh niên tham gia.",
        ),
        ({"phone": "12345"}, "phone", None),
        (
            {"date_of_birth": dt.date(2030, 1, 1), "birth_year": None},
            "date_of_birth",
            "Ngày sinh không thể ở tương lai.",
        ),
    ],
)
def test_it_refuses_bad_input_with_vietnamese_messages(world, make_youth, values, field, message):
    with pytest.raises(ValidationError) as caught:
        make_youth(**values)
    assert field in caught.value.message_dict
    if message:
        assert caught.value.message_dict[field] == [message]
    assert not Youth.objects.exists()


def test_it_keeps_personal_data_of_non_members_to_care_view_and_changes_to_care_manage(
    world, make_youth, executive
):
    youth = make_youth()
    assert selectors.access_youth(world.secretary, youth.pk) == youth
    assert selectors.access_youth(executive, youth.pk, cap=services_caps().CARE_MANAGE) == youth
    with pytest.raises(Http404):
        selectors.access_youth(world.staff_b, youth.pk)
    with pytest.raises(PermissionDenied):
        selectors.access_youth(world.member, youth.pk)
    with pytest.raises(Http404):
        services.youth_update(actor=world.staff_b, youth=youth, notes="x")
    # A record is never made "admitted" by hand.
    with pytest.raises(ValidationError) as caught:
        services.youth_update(actor=world.secretary, youth=youth, status="admitted")
    assert caught.value.message_dict["status"] == [
        'Thanh niên chỉ chuyển sang "đã kết nạp" qua hồ sơ kết nạp.'
    ]


def services_caps():
    from chudong.access.capabilities import Cap

    return Cap


@pytest.fixture
def driver(world, make_member):
    introducer = make_member(full_name="Lê Văn Giới", date_of_birth=dt.date(2000, 2, 2))
    return AdmissionDriver(world=world, introducer=introducer)


def test_it_starts_the_admission_from_the_record_and_links_the_new_member(
    world, make_youth, driver, frozen
):
    youth = make_youth(
        full_name="Đinh Thị Hoa", birth_year=2009, phone="0987654321",
        residence="Thôn Đông, xã Bình Minh", workplace="Trường THPT Sao Mai",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.youth_admission_start(
            actor=world.branch_secretary, youth=youth, branch=world.unit("TA.G1.B1"),
            nominated_on=dt.date(2026, 3, 1),
        )  # fmt: skip
    assert caught.value.message_dict["date_of_birth"] == [
        "Hồ sơ kết nạp cần ngày sinh đầy đủ; hãy nhập ngày sinh."
    ]
    case = services.youth_admission_start(
        actor=world.branch_secretary, youth=youth, branch=world.unit("TA.G1.B1"),
        nominated_on=dt.date(2026, 3, 1), date_of_birth=dt.date(2009, 1, 10),
    )  # fmt: skip
    # Nothing typed twice: the case holds the record's data and points back at it.
    assert (case.full_name, case.sex, case.date_of_birth, case.phone) == (
        "Đinh Thị Hoa",
        "female",
        dt.date(2009, 1, 10),
        "0987654321",
    )
    assert (case.current_residence, case.workplace) == (
        "Thôn Đông, xã Bình Minh",
        "Trường THPT Sao Mai",
    )
    assert case.youth_id == youth.pk
    youth.refresh_from_db()
    assert youth.status == YouthStatus.CANDIDATE and youth.admission_case_id == case.pk
    with pytest.raises(ValidationError):
        services.youth_admission_start(
            actor=world.branch_secretary, youth=youth, branch=world.unit("TA.G1.B1"),
            nominated_on=dt.date(2026, 3, 1),
        )  # fmt: skip
    for step in ("class", "introducer", "application", "vote", "decision", "ceremony", "card"):
        case = driver.step(case, step)
    youth.refresh_from_db()
    assert case.state == "admitted"
    assert youth.status == YouthStatus.ADMITTED
    assert youth.member_id == case.member_id and youth.member.full_name == "Đinh Thị Hoa"


def test_a_withdrawn_case_puts_the_young_person_back_in_contact(world, make_youth):
    youth = make_youth(date_of_birth=dt.date(2009, 1, 10), birth_year=None)
    case = services.youth_admission_start(
        actor=world.branch_secretary, youth=youth, branch=world.unit("TA.G1.B1"),
        nominated_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    procedures.admission_withdraw(
        actor=world.branch_secretary, case=case, closed_on=dt.date(2026, 4, 1),
        closed_reason="Chuyển đi học xa",
    )  # fmt: skip
    youth.refresh_from_db()
    assert youth.status == YouthStatus.CONTACT and youth.admission_case_id == case.pk
    # A case not opened from the register is left alone.
    other = procedures.admission_nominate(
        actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), full_name="Phan Văn Tư",
        sex="male", date_of_birth=dt.date(2008, 1, 1), nominated_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    assert AdmissionCase.objects.get(pk=other.pk).youth_id is None


def test_the_pages_record_a_young_person_and_open_the_admission(world, login, make_youth):
    client = login(world.branch_secretary)
    unit = world.unit("TA.G1.B1")
    response = client.post(
        f"/units/{unit.pk}/youth/new/",
        {"full_name": "ngô thị mai", "sex": "female", "birth_year": "2008", "unit": unit.pk,
         "organisation": "federation", "status": "contact", "phone": "0912 000 111"},
    )  # fmt: skip
    youth = Youth.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/youth/{youth.pk}/"
    assert youth.full_name == "Ngô Thị Mai" and youth.recorded_by == world.branch_secretary
    page = client.get(f"/youth/{youth.pk}/").content.decode()
    assert "Ngô Thị Mai" in page and "Hội Liên hiệp Thanh niên Việt Nam" in page
    assert f"/youth/{youth.pk}/admission/" in page
    response = client.post(
        f"/youth/{youth.pk}/admission/",
        {"branch": unit.pk, "date_of_birth": "15/02/2009", "nominated_on": "01/06/2026"},
    )
    assert response.status_code == 200
    assert "Ngày sinh không khớp với năm sinh đã ghi (2008)." in response.content.decode()
    assert not AdmissionCase.objects.filter(youth_id=youth.pk).exists()
    response = client.post(
        f"/youth/{youth.pk}/admission/",
        {"branch": unit.pk, "date_of_birth": "15/02/2008", "nominated_on": "01/06/2026"},
    )
    case = AdmissionCase.objects.get(youth_id=youth.pk)
    assert response["Location"] == f"/admissions/{case.pk}/"
    assert case.full_name == "Ngô Thị Mai" and case.phone == "0912000111"


def test_the_list_reads_a_bounded_number_of_queries(
    world, login, make_youth, django_assert_max_num_queries
):
    for i in range(12):
        make_youth(full_name=f"Nguyễn Văn Số {i}", unit_code=("TA.G1.B1", "TA.G1.B2")[i % 2])
    client = login(world.secretary)
    with django_assert_max_num_queries(12):
        response = client.get(f"/units/{world.unit('TA.G1').pk}/youth/?q=nguyen")
    assert response.content.decode().count("/youth/") >= 12
