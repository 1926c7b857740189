"""Admission from the browser: the branch takes the case step by step, the province
confirms; wrong personas get 404 (out of scope) or 403 (visible, not allowed); bad input
gets a Vietnamese message next to its field; the list page's query count is pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chudong.access.models import SensitiveReadLog
from chudong.procedures.models import AdmissionCase, AdmissionState

from .conftest import docx, pdf


def _post(client, case, action, data, files=None):
    payload = {"action": action, **{f"{action}-{k}": v for k, v in data.items()}}
    for name, upload in (files or {}).items():
        payload[f"{action}-{name}"] = upload
    return client.post(f"/admissions/{case.pk}/", payload)


def test_it_takes_an_admission_through_every_step_from_the_pages(world, login, admission):
    client = login(world.secretary)
    branch = world.unit("TA.G1.B1")

    # Nomination, from the grassroots union's page (the branch is chosen in the form)
    response = client.post(
        f"/units/{world.unit('TA.G1').pk}/admissions/new/",
        {
            "unit": branch.pk,
            "nominated_on": "01/03/2026",
            "full_name": "NGUYỄN THỊ MƠ",
            "sex": "female",
            "date_of_birth": "10/01/2009",
            "phone": "0912 345 678",
            "hometown": "Thôn Đông",
            "ethnicity": "Tày",
            "religion": "Không",
        },
    )
    case = AdmissionCase.objects.get(full_name="Nguyễn Thị Mơ")
    assert response.status_code == 302 and response["Location"] == f"/admissions/{case.pk}/"

    steps = [
        ("class", {"class_name": "Lớp cảm tình Đoàn", "class_start": "05/03/2026",
                   "class_end": "07/03/2026", "class_result": "passed"}, {}),
        ("introducer", {"introducer_kind": "member",
                        "introducer_member": admission.introducer.pk,
                        "introducer_known_since": "01/09/2025", "introduced_on": "10/03/2026"},
         {}),
        ("application", {"application_date": "12/03/2026"},
         {"application": pdf(), "background": docx()}),
        ("vote", {"vote_date": "20/03/2026", "members_present": 12, "votes_for": 11,
                  "votes_against": 1}, {}),
    ]  # fmt: skip
    for action, data, files in steps:
        response = _post(client, case, action, data, files)
        assert response.status_code == 302, (action, response.content.decode()[:3000])

    # The grassroots secretary cannot confirm: the page says who will
    page = client.get(f"/admissions/{case.pk}/").content.decode()
    assert "Đang chờ quyết định chuẩn y của Tỉnh đoàn Hải Đăng" in page
    assert 'name="action" value="decision"' not in page
    forbidden = _post(client, case, "decision", {"decision_number": "1", "decision_date":
                      "25/03/2026", "decision_signer": "X"})  # fmt: skip
    assert forbidden.status_code == 403

    # The province staff confirm
    province = login(world.staff_a)
    page = province.get(f"/admissions/{case.pk}/").content.decode()
    assert 'name="action" value="decision"' in page
    response = _post(province, case, "decision", {"decision_number": "20-QĐ/TĐTN",
                     "decision_date": "25/03/2026", "decision_signer": "Trần Thị Hải"})  # fmt: skip
    assert response.status_code == 302

    client = login(world.secretary)
    assert _post(client, case, "ceremony", {"ceremony_date": "26/03/2026",
                 "ceremony_place": "Hội trường xã"}).status_code == 302  # fmt: skip
    response = _post(client, case, "card", {"card_number": "TA26000777",
                     "card_issued_on": "26/03/2026"})  # fmt: skip
    assert response.status_code == 302

    case.refresh_from_db()
    assert case.state == AdmissionState.ADMITTED
    page = client.get(f"/admissions/{case.pk}/").content.decode()
    assert "đã được kết nạp và có tên trong sổ đoàn viên" in page
    member_page = client.get(f"/members/{case.member_id}/").content.decode()
    for text in ("TA26000777", "Lễ kết nạp tại Hội trường xã", "Được đề xuất kết nạp"):
        assert text in member_page, text


def test_it_puts_bad_input_next_to_the_field_in_vietnamese(world, login, admission):
    case = admission.through("application")
    client = login(world.branch_secretary)

    response = _post(client, case, "vote", {"vote_date": "31/02/2026", "members_present": "x",
                     "votes_for": 5, "votes_against": 1})  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page
    assert "Nhập một số nguyên." in page
    response = _post(client, case, "vote", {"vote_date": "20/03/2026", "members_present": 4,
                     "votes_for": 4, "votes_against": 1})  # fmt: skip
    page = response.content.decode()
    assert "vượt quá số đoàn viên có mặt (4)" in page
    assert AdmissionCase.objects.get(pk=case.pk).state == AdmissionState.APPLIED


def test_it_shows_a_file_error_next_to_the_file_field(world, login, admission):
    case = admission.through("introducer")
    client = login(world.branch_secretary)
    from django.core.files.uploadedfile import SimpleUploadedFile

    script = SimpleUploadedFile("don.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = _post(client, case, "application", {"application_date": "12/03/2026"},
                     {"application": script, "background": docx()})  # fmt: skip

    page = response.content.decode()
    field = page[page.index('id="id_application-application"') :]
    assert "không phải PDF" in field[:2000]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff_b", 404), ("outsider", 404), ("member", 403), ("dpo_a", 403)],
)
def test_it_hides_a_case_from_those_who_may_not_see_it(world, login, admission, persona, status):
    case = admission.through("vote")
    client = login(getattr(world, persona))

    assert client.get(f"/admissions/{case.pk}/").status_code == status
    response = _post(client, case, "decision", {"decision_number": "9", "decision_date":
                     "25/03/2026", "decision_signer": "X"})  # fmt: skip
    assert response.status_code == status
    assert AdmissionCase.objects.get(pk=case.pk).state == AdmissionState.VOTED


def test_it_refuses_branch_steps_to_the_upper_level_without_manage_rights(world, login, admission):
    # The member of the branch sees the unit but not its members: 403 on every step.
    case = admission.nominate()
    client = login(world.member)

    response = _post(client, case, "withdraw", {"closed_on": "01/04/2026", "closed_reason": "x"})

    assert response.status_code == 403
    assert AdmissionCase.objects.get(pk=case.pk).state == AdmissionState.NOMINATED


def test_it_logs_every_reading_of_the_candidates_ethnicity_and_religion(world, login, admission):
    case = admission.nominate(ethnicity="Nùng", religion="Phật giáo")
    client = login(world.secretary)

    page = client.get(f"/admissions/{case.pk}/").content.decode()
    assert "Nùng" not in page
    fragment = client.get(f"/admissions/{case.pk}/sensitive/", HTTP_HX_REQUEST="true")

    body = fragment.content.decode()
    assert "Nùng" in body and "Phật giáo" in body and "<html" not in body
    log = SensitiveReadLog.objects.get(subject_type="admission_case", subject_id=case.pk)
    assert (log.actor, log.fields) == (world.secretary, "ethnicity,religion")


def test_it_lets_the_branch_correct_the_candidates_data_while_the_case_is_open(
    world, login, admission
):
    case = admission.nominate()
    client = login(world.branch_secretary)

    response = client.post(
        f"/admissions/{case.pk}/edit/",
        {"full_name": "Đinh Thị Hoà", "sex": "female", "date_of_birth": "10/01/2009",
         "hometown": "Thôn Tây", "phone": "12345"},
    )  # fmt: skip
    assert "Số điện thoại gồm 10 chữ số" in response.content.decode()

    client.post(
        f"/admissions/{case.pk}/edit/",
        {"full_name": "Đinh Thị Hoà", "sex": "female", "date_of_birth": "10/01/2009",
         "hometown": "Thôn Tây"},
    )  # fmt: skip
    case.refresh_from_db()
    assert (case.full_name, case.hometown) == ("Đinh Thị Hoà", "Thôn Tây")


def test_it_lists_a_units_cases_by_step_with_a_pinned_query_count(
    world, login, admission, django_assert_num_queries
):
    for index in range(6):
        admission.through("vote" if index % 2 else "class", full_name=f"Ứng Viên {index}")
    client = login(world.staff_a)
    url = f"/units/{world.unit('TA').pk}/admissions/"
    client.get(url)  # warm the session

    # session, user, grants, unit (breadcrumbs: none above the province), cases with branch
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()
    assert page.count('href="/admissions/') == 6

    waiting = client.get(f"/units/{world.unit('TA').pk}/admissions/waiting/").content.decode()
    assert waiting.count('href="/admissions/') == 3
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"state": "all"})
    assert len(queries) <= 5


def test_it_shows_the_upper_level_what_waits_for_its_decision(world, login, admission):
    admission.through("vote")
    admission.through("class", full_name="Chưa Tới Lượt")

    page = login(world.staff_a).get("/procedures/decisions/").content.decode()
    secretary_page = login(world.secretary).get("/procedures/decisions/").content.decode()

    assert "Đinh Thị Hoa" in page and "Chưa Tới Lượt" not in page
    assert "Đinh Thị Hoa" not in secretary_page
    assert "Không có việc nào đang chờ bạn quyết định." in secretary_page


def test_it_downloads_documents_only_for_those_who_see_the_case(world, login, admission):
    case = admission.through("application")
    document = case_document(case)

    response = login(world.branch_secretary).get(f"/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(world.staff_b).get(f"/documents/{document.pk}/").status_code == 404


def case_document(case):
    from chudong.procedures.selectors import documents

    return next(d for d in documents(case) if d.kind == "application")


def test_it_links_the_procedures_from_the_unit_and_member_pages(world, login, make_member):
    member = make_member()
    client = login(world.branch_secretary)

    unit_page = client.get(f"/units/{world.unit('TA.G1.B1').pk}/").content.decode()
    member_page = client.get(f"/members/{member.pk}/").content.decode()

    assert f'href="/units/{world.unit("TA.G1.B1").pk}/admissions/"' in unit_page
    assert f'href="/members/{member.pk}/card-commendations-discipline/"' in member_page
    assert dt.date.today() == dt.date(2026, 6, 15)
