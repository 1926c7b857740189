"""Consent restricts what officers see: a sensitive field whose legal basis is consent is
shown only while the member's consent to its purpose is open, on the member page, in the
Excel export, in the dossier and in the API; a field on another basis is shown with that
basis said. One decision (privacy.selectors.visible_sensitive), from dated data."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chudong.access.models import SensitiveReadLog
from chudong.api import services as api_services
from chudong.members import services as member_services
from chudong.members.models import MemberSensitive
from chudong.privacy import selectors, services
from chudong.privacy.models import ConsentPurpose, SensitiveFieldRule

from .conftest import at

TODAY = dt.date(2026, 11, 23)
# A distinctive value per field, so that a page or a file can be searched for each.
VALUES = {
    "ethnicity": "Nùng",
    "religion": "Cao Đài giáo phái Tây Ninh",
    "health": "Hen suyễn nhẹ từ nhỏ",
    "family_background": "Tiểu thương buôn gạo",
    "family_notes": "Cha mẹ ly hôn năm 2015",
}
RELATIVE = "Hoàng Văn Quyết"


@pytest.fixture(autouse=True)
def today():
    with at(2026, 11, 23):
        yield


@pytest.fixture
def member(world, make_member):
    member = make_member("TA.G1.B1", full_name="Lục Thị Hằng")
    member_services.member_sensitive_update(
        actor=world.central_admin, member=member, expected_version=0, values=VALUES,
        family=[{"relation": "father", "full_name": RELATIVE, "birth_year": 1970}],
    )  # fmt: skip
    return member


def _consent(world, member, code, given_on=dt.date(2026, 10, 1)):
    return services.consent_give(
        actor=world.secretary, member=member, purpose=ConsentPurpose.objects.get(code=code),
        confirmed=True, given_on=given_on, evidence="Phiếu đồng ý số 1",
    )  # fmt: skip


def _page(login, world, member):
    response = login(world.secretary).get(f"/members/{member.pk}/sensitive/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_member_page_hides_each_field_until_its_purpose_is_consented(world, login, member):
    page = _page(login, world, member)
    for value in (*VALUES.values(), RELATIVE):
        assert value not in page
    assert page.count("Chưa có sự đồng ý: không hiển thị") == len(VALUES) + 1
    assert "đoàn viên chưa đồng ý (hoặc đã rút lại sự đồng ý)" in page
    # Nothing was read, so nothing is logged.
    assert not SensitiveReadLog.objects.filter(subject_id=member.pk, purpose="view").exists()

    consent = _consent(world, member, "ethnicity-religion")
    page = _page(login, world, member)
    assert VALUES["religion"] in page and "Nùng" in page
    assert VALUES["health"] not in page and RELATIVE not in page
    assert "đồng ý ngày 01/10/2026" in page
    log = SensitiveReadLog.objects.filter(subject_id=member.pk, purpose="view").get()
    assert sorted(log.fields.split(",")) == ["ethnicity", "religion"]

    services.consent_withdraw(
        actor=world.secretary, consent=consent, withdrawn_on=TODAY, evidence="Đơn rút lại"
    )
    page = _page(login, world, member)
    assert VALUES["religion"] not in page


def test_a_field_on_another_legal_basis_is_shown_with_its_basis(world, login, member):
    SensitiveFieldRule.objects.create(
        field="religion", label="Tôn giáo", label_en="Religion", valid_from=dt.date(2026, 11, 1),
        basis="charter", basis_note="Điều lệ Đoàn: sổ đoàn viên", basis_note_en="Charter",
        document="Điều lệ Đoàn khóa XII (thử)",
    )  # fmt: skip
    page = _page(login, world, member)
    assert VALUES["religion"] in page
    assert "Hiển thị theo căn cứ pháp lý: Điều lệ Đoàn: sổ đoàn viên" in page
    assert VALUES["ethnicity"] not in page  # still consent, not given
    # The rule is dated: judged on a day before it, religion rested on consent.
    before = selectors.visible_sensitive(member, on=dt.date(2026, 10, 31))
    assert not before.shown("religion")


def test_every_sensitive_field_has_a_rule_and_follows_its_consent(world, login, member):
    """Walks every field the registry knows and every field of MemberSensitive."""
    rules = {r.field: r for r in SensitiveFieldRule.objects.select_related("purpose")}
    assert set(MemberSensitive.FIELDS) | {"family", "hardship"} <= set(rules)
    hidden = selectors.visible_sensitive(member)
    assert all(not hidden.shown(field) for field in rules)
    for field, rule in rules.items():
        if rule.purpose.code not in {c.purpose.code for c in member.consents.all()}:
            _consent(world, member, rule.purpose.code)
        assert selectors.visible_sensitive(member).shown(field), field
    page = _page(login, world, member)
    for value in (*VALUES.values(), RELATIVE):
        assert value in page
    assert "Chưa có sự đồng ý" not in page
    many = selectors.visible_sensitive_many([member.pk])
    assert all(many[member.pk].shown(field) for field in rules)


def _export_cells(world, login, member):
    client = login(world.secretary)
    response = client.get(f"/units/{world.unit('TA.G1').pk}/members/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    header = next(r for r in rows if "Dân tộc" in r)
    line = next(r for r in rows if member.full_name in r)
    return line[header.index("Dân tộc")], line[header.index("Tôn giáo")]


def test_the_excel_export_writes_the_value_only_with_consent(world, login, member):
    assert _export_cells(world, login, member) == ("Chưa có sự đồng ý: không hiển thị",) * 2
    _consent(world, member, "ethnicity-religion")
    assert _export_cells(world, login, member) == ("Nùng", VALUES["religion"])


def test_the_list_filter_by_ethnicity_finds_only_members_who_consented(world, login, member):
    url = f"/units/{world.unit('TA.G1').pk}/members/?ethnicity=Nùng"
    assert member.full_name not in login(world.secretary).get(url).content.decode()
    _consent(world, member, "ethnicity-religion")
    assert member.full_name in login(world.secretary).get(url).content.decode()


def _api(world, member):
    from django.test import Client

    _token, raw = api_services.token_create_personal(actor=world.secretary, name="Kiểm thử")
    response = Client().get(
        f"/api/v1/members/{member.pk}/sensitive",
        HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="vi",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_gives_null_and_the_reason_without_consent(world, member):
    body = _api(world, member)
    fields = {f["field"]: f for f in body["fields"]}
    assert set(fields) == set(MemberSensitive.FIELDS)
    assert fields["health"] == {
        "field": "health", "label": "Tình hình sức khỏe", "shown": False, "value": None,
        "basis": "consent",
        "note": "Không hiển thị: đoàn viên chưa đồng ý (hoặc đã rút lại sự đồng ý) cho mục "
                "đích «Sức khỏe để bố trí hoạt động phù hợp»",
    }  # fmt: skip
    assert (body["family_shown"], body["family"]) == (False, None)
    assert RELATIVE not in str(body)

    _consent(world, member, "health")
    _consent(world, member, "family")
    body = _api(world, member)
    fields = {f["field"]: f for f in body["fields"]}
    assert (fields["health"]["shown"], fields["health"]["value"]) == (True, VALUES["health"])
    assert fields["religion"]["value"] is None
    assert body["family"][0]["full_name"] == RELATIVE
    assert SensitiveReadLog.objects.filter(subject_id=member.pk, purpose="api").count() == 1


def test_one_query_decides_a_member_and_two_decide_a_page(world, member, make_member,
                                                          django_assert_num_queries):  # fmt: skip
    others = [make_member("TA.G1.B1").pk for _ in range(3)]
    with django_assert_num_queries(1):
        selectors.visible_sensitive(member)
    with django_assert_num_queries(2):
        selectors.visible_sensitive_many([member.pk, *others])


def test_the_member_pages_care_panel_names_no_hardship_without_consent(world, login, member):
    from chudong.care import services as care_services

    care_services.hardship_create(
        actor=world.secretary, unit=world.unit("TA.G1.B1"), member=member,
        circumstances=["disability"], details="Khiếm thị một mắt", opened_on=TODAY,
    )  # fmt: skip
    url = f"/members/{member.pk}/care/"
    panel = login(world.secretary).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Khuyết tật" not in panel and "Chưa có sự đồng ý: không hiển thị" in panel
    _consent(world, member, "hardship")
    panel = login(world.secretary).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Khuyết tật" in panel and "Chưa có sự đồng ý" not in panel


def test_the_edit_form_neither_shows_nor_overwrites_a_field_without_consent(world, login, member):
    from chudong.members.models import FamilyRelation

    _consent(world, member, "health")
    client = login(world.secretary)
    url = f"/members/{member.pk}/sensitive/edit/"
    page = client.get(url).content.decode()
    assert VALUES["health"] in page
    for value in (VALUES["religion"], VALUES["family_notes"], RELATIVE):
        assert value not in page
    assert "Chưa có sự đồng ý: không hiển thị" in page
    version = MemberSensitive.objects.get(member=member).version
    response = client.post(
        url, {"version": version, "health": "Khỏe mạnh", "religion": "Bị ghi đè", "ethnicity": ""}
    )
    assert response.status_code == 302
    stored = MemberSensitive.objects.get(member=member)
    assert stored.health == "Khỏe mạnh"
    assert (stored.religion, stored.ethnicity) == (VALUES["religion"], "Nùng")
    assert FamilyRelation.objects.filter(member=member, full_name=RELATIVE).exists()


def test_the_history_lists_old_values_only_of_fields_with_consent(world, login, member):
    with at(2026, 11, 23, hour=10):  # a later version than the fixture's
        member_services.member_sensitive_update(
            actor=world.central_admin, member=member, expected_version=1,
            values={"religion": "Không", "health": "Khỏe mạnh"},
        )  # fmt: skip
    url = f"/members/{member.pk}/history/"
    page = login(world.secretary).get(url).content.decode()
    assert VALUES["religion"] not in page and VALUES["health"] not in page
    _consent(world, member, "health")
    page = login(world.secretary).get(url).content.decode()
    assert VALUES["health"] in page and VALUES["religion"] not in page
