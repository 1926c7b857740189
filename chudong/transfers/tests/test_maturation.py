"""Maturation: the yearly list, keeping a member on request (never past the rule's age),
the dry-run preview that writes nothing, the confirmation, the certificate, and the
warning for members past the maturation age."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from django.core.exceptions import ValidationError

from chudong.members.models import Member, MemberEvent, MemberStatus
from chudong.transfers import pdf, selectors, services
from chudong.transfers.models import MaturationBatch, MaturationEntry, MaturationKeep

TODAY = dt.date(2026, 10, 20)  # after the 15/10 ceremony date of the rules
CEREMONY = dt.date(2026, 10, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, 0).astimezone(), tick=False):
        yield


@pytest.fixture
def cohort(world, make_member, appoint, request_transfer):
    """Members of Chi đoàn thôn Đông around the maturation age in 2026."""
    leader = appoint("bithu.thontay", "secretary", "TA.G1.B2")
    full_time = appoint("chuyentrach.ta", "staff", "TA")
    people = {
        "an": make_member(full_name="Nguyễn Văn An", date_of_birth=dt.date(1996, 3, 10)),
        "binh": make_member(full_name="Trần Thị Bình", date_of_birth=dt.date(1996, 11, 5)),
        "cuong": make_member(full_name="Lê Văn Cường", date_of_birth=dt.date(1995, 6, 1)),
        "dung": make_member(
            full_name="Phạm Văn Dũng", date_of_birth=dt.date(1996, 5, 5), user=leader
        ),
        "em": make_member(
            full_name="Hoàng Thị Em", date_of_birth=dt.date(1996, 2, 2), user=full_time
        ),
        "phuong": make_member(full_name="Vũ Thị Phương", date_of_birth=dt.date(1996, 4, 4)),
        "giang": make_member(full_name="Đỗ Văn Giang", date_of_birth=dt.date(1996, 1, 20)),
        "ha": make_member(full_name="Bùi Thị Hà", date_of_birth=dt.date(1998, 8, 8)),
    }
    services.maturation_keep(
        actor=world.branch_secretary,
        member=people["phuong"],
        reason="Đang làm Chủ nhiệm CLB thanh niên",
        until=dt.date(2028, 1, 1),
    )
    request_transfer(people["giang"], "TB.G1")
    return people


def _names(rows):
    return sorted(row.member.full_name for row in rows)


def test_it_lists_the_year_with_who_stays_and_who_is_skipped_and_why(world, cohort):
    listing = selectors.maturation_preview(
        actor=world.branch_secretary,
        unit=world.unit("TA.G1.B1"),
        year=2026,
        ceremony_on=selectors.list_day(2026),
    )
    assert _names(listing.maturing) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Bình"]
    assert [r.overdue for r in listing.maturing if r.member.full_name == "Lê Văn Cường"] == [True]
    assert _names(listing.kept) == ["Vũ Thị Phương"]
    reasons = {row.member.full_name: row.note for row in listing.skipped}
    assert "chức vụ" in reasons["Phạm Văn Dũng"]
    assert "chuyên trách" in reasons["Hoàng Thị Em"]
    assert "chuyển sinh hoạt" in reasons["Đỗ Văn Giang"]
    assert "Bùi Thị Hà" not in reasons  # turns 30 only in 2028


def test_it_previews_a_ceremony_without_writing_anything(world, cohort, login):
    before = (
        MaturationBatch.objects.count(),
        MaturationEntry.objects.count(),
        MemberEvent.objects.count(),
        tuple(Member.objects.order_by("pk").values_list("status", "version")),
    )
    preview = selectors.maturation_preview(
        actor=world.branch_secretary, unit=world.unit("TA.G1.B1"), year=2026, ceremony_on=CEREMONY
    )
    # Bình turns 30 on 05/11, after the ceremony of 15/10: she waits for the next one.
    assert _names(preview.maturing) == ["Lê Văn Cường", "Nguyễn Văn An"]
    assert "05/11/2026" in {r.member.full_name: r.note for r in preview.skipped}["Trần Thị Bình"]
    page = login(world.branch_secretary).post(
        f"/units/{world.unit('TA.G1.B1').pk}/maturation/batch/",
        {"step": "preview", "year": "2026", "ceremony_on": "15/10/2026"},
    )
    body = page.content.decode()
    assert "Xem trước: chưa có gì được ghi" in body and "Nguyễn Văn An" in body
    after = (
        MaturationBatch.objects.count(),
        MaturationEntry.objects.count(),
        MemberEvent.objects.count(),
        tuple(Member.objects.order_by("pk").values_list("status", "version")),
    )
    assert after == before


def test_it_matures_the_previewed_members_at_the_ceremony(world, cohort, login):
    an, cuong = cohort["an"], cohort["cuong"]
    client = login(world.branch_secretary)
    url = f"/units/{world.unit('TA.G1.B1').pk}/maturation/batch/"
    form = {"year": "2026", "ceremony_on": "15/10/2026", "decision_number": "05-QĐ/CĐ"}
    client.post(url, {**form, "step": "preview"})

    response = client.post(url, {**form, "step": "confirm", "expected": f"{an.pk},{cuong.pk}"})

    batch = MaturationBatch.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/maturation/batches/{batch.pk}/"
    )
    assert (batch.matured_count, batch.kept_count, batch.skipped_count) == (2, 1, 4)
    for member in (an, cuong):
        member.refresh_from_db()
        assert member.status == MemberStatus.MATURED and member.status_since == CEREMONY
        assert not member.unit_periods.filter(end__isnull=True).exists()
    numbers = sorted(
        batch.entries.filter(outcome="matured").values_list("certificate_number", flat=True)
    )
    assert numbers == ["01/2026/GCN-TA.G1.B1", "02/2026/GCN-TA.G1.B1"]
    event = MemberEvent.objects.filter(member=an, kind="status_changed").latest("pk")
    assert "15/10/2026" in event.detail
    assert cohort["phuong"].status == MemberStatus.ACTIVE


def test_it_refuses_a_confirmation_when_the_list_changed_since_the_preview(world, cohort):
    an, cuong = cohort["an"], cohort["cuong"]
    # Cường asks to stay between the preview and the confirmation.
    services.maturation_keep(
        actor=world.branch_secretary, member=cuong, reason="Xin ở lại", until=dt.date(2027, 6, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.maturation_batch_confirm(
            actor=world.branch_secretary,
            unit=world.unit("TA.G1.B1"),
            year=2026,
            ceremony_on=CEREMONY,
            expected_member_ids=[an.pk, cuong.pk],
        )
    assert error.value.code == "changed"
    assert not MaturationBatch.objects.exists()
    an.refresh_from_db()
    assert an.status == MemberStatus.ACTIVE


def test_it_keeps_a_member_no_longer_than_the_rules_allow(world, make_member):
    member = make_member(full_name="Đinh Thị Lâu", date_of_birth=dt.date(1996, 7, 9))
    limit = dt.date(2031, 7, 9)  # her 35th birthday (maturation.max_age_kept)
    with pytest.raises(ValidationError) as error:
        services.maturation_keep(
            actor=world.branch_secretary,
            member=member,
            reason="Xin ở lại",
            until=limit + dt.timedelta(days=1),
        )
    assert "09/07/2031" in str(error.value.error_dict["until"])
    keep = services.maturation_keep(
        actor=world.branch_secretary, member=member, reason="Xin ở lại", until=limit
    )
    assert keep.until == limit
    # A later decision replaces the earlier one.
    services.maturation_keep(
        actor=world.branch_secretary, member=member, reason="Gia hạn", until=dt.date(2030, 1, 1)
    )
    assert MaturationKeep.objects.filter(member=member, ended_on__isnull=True).count() == 1


def test_it_refuses_a_request_to_stay_before_the_year_of_the_age(world, make_member):
    member = make_member(date_of_birth=dt.date(1998, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.maturation_keep(
            actor=world.branch_secretary, member=member, reason="x", until=dt.date(2029, 1, 1)
        )
    assert "decided_on" in error.value.error_dict


def test_it_warns_about_members_past_the_age_not_matured(world, cohort):
    units = [world.unit("TA"), world.unit("TA.G1"), world.unit("TB")]
    counts = selectors.members_past_maturation(units, TODAY)
    # Only Cường reached 30 before this year without being kept or holding a role.
    assert counts == {units[0].pk: 1, units[1].pk: 1, units[2].pk: 0}
    services.maturation_batch_confirm(
        actor=world.branch_secretary,
        unit=world.unit("TA.G1.B1"),
        year=2026,
        ceremony_on=CEREMONY,
        expected_member_ids=[cohort["an"].pk, cohort["cuong"].pk],
    )
    assert selectors.members_past_maturation(units, TODAY)[units[0].pk] == 0


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is needed")
def test_it_prints_a_certificate_in_vietnamese_with_user_text_taken_literally(
    world, make_member, tmp_path
):
    member = make_member(
        full_name="Nguyễn Thị Ánh Tuyết",
        date_of_birth=dt.date(1996, 3, 3),
        hometown="#panic(1) *x*",
    )
    batch = services.maturation_batch_confirm(
        actor=world.branch_secretary,
        unit=world.unit("TA.G1.B1"),
        year=2026,
        ceremony_on=CEREMONY,
        expected_member_ids=[member.pk],
    )
    entry = batch.entries.get(member=member)
    path = tmp_path / "gcn.pdf"
    path.write_bytes(pdf.certificate_pdf(entry, actor=world.branch_secretary))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "GIẤY CHỨNG NHẬN ĐOÀN VIÊN TRƯỞNG THÀNH" in text
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "#panic(1) *x*" in text
    assert "ngày 15 tháng 10 năm 2026" in text
    assert "Hoàng Văn Đông" in text  # the branch secretary signs


def test_it_serves_certificates_only_within_scope(world, make_member, login):
    member = make_member(date_of_birth=dt.date(1996, 3, 3))
    batch = services.maturation_batch_confirm(
        actor=world.branch_secretary,
        unit=world.unit("TA.G1.B1"),
        year=2026,
        ceremony_on=CEREMONY,
        expected_member_ids=[member.pk],
    )
    url = f"/maturation/certificates/{batch.entries.get().pk}.pdf"
    response = login(world.secretary).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(world.staff_b).get(url).status_code == 404
    assert login(world.member).get(url).status_code == 403


@pytest.mark.parametrize("count", [1, 4])
def test_it_lists_the_year_in_a_pinned_number_of_queries(
    world, make_member, login, django_assert_num_queries, count
):
    for index in range(count):
        make_member(full_name=f"Già Văn {index}", date_of_birth=dt.date(1996, 1, 1 + index))
    client = login(world.secretary)
    url = f"/units/{world.unit('TA.G1').pk}/maturation/"
    client.get(url)
    # session, user, unit, grants, the members with their flags, the batches
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    assert body.count("Già Văn") == count
