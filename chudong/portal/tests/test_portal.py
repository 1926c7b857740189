"""The member's own pages: the digital card and its verification, correction requests and
their review by the branch, activation with a one-time code (by hand or by e-mail), the
installable web app's files, and the download of one's own data."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from email import message_from_bytes

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chudong.members.models import Member
from chudong.portal import selectors, services, views
from chudong.portal.models import CorrectionRequest, CorrectionStatus, Invitation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n"


def _verify_url(member) -> str:
    return reverse("portal:verify") + "?t=" + selectors.card_token(member)


# --- the card ------------------------------------------------------------------------


def test_the_card_shows_the_member_and_a_qr_code_without_style_attributes(
    world, login, make_member
):
    own = make_member(account=True, card_number="012345678")
    page = login(own.user).get(reverse("portal:card")).content.decode()
    assert own.full_name in page and "012345678" in page and "Chi đoàn thôn Đông" in page
    svg = re.search(r"<figure class=\"portal-qr\" id=\"card-qr\"><svg.*?</svg>", page, re.S).group(
        0
    )
    assert 'class="portal-qr-svg"' in svg and "<path" in svg
    assert "style=" not in page
    # "My pages" offers the card, the record and the download.
    me = login(own.user).get(reverse("members:me")).content.decode()
    for name in ("portal:card", "portal:record", "portal:data"):
        assert reverse(name) in me


def test_a_card_without_a_member_record_is_not_found(world, login):
    assert login(world.outsider).get(reverse("portal:card")).status_code == 404


def test_the_scanned_card_shows_the_member_only_to_an_officer_of_the_unit(
    world, client, login, make_member
):
    own = make_member(account=True)
    url = _verify_url(own)
    anonymous = client.get(url).content.decode()
    assert "Thẻ đoàn viên hợp lệ" in anonymous and own.full_name not in anonymous
    assert "/accounts/login/?next=/card/verify/%3Ft%3D" in anonymous
    for outsider in (world.staff_b, world.outsider):
        page = login(outsider).get(url).content.decode()
        assert "Thẻ đoàn viên hợp lệ" in page and own.full_name not in page
    for officer in (world.branch_secretary, world.secretary, world.staff_a):
        page = login(officer).get(url).content.decode()
        assert own.full_name in page
        assert "Đoàn viên hợp lệ của Chi đoàn thôn Đông" in page


def test_a_tampered_expired_or_former_members_card_is_not_valid(
    world, client, make_member, monkeypatch
):
    own = make_member()
    token = selectors.card_token(own)
    assert selectors.card_check(None, token).valid
    assert not selectors.card_check(None, token[:-2] + "xx").valid
    assert not selectors.card_check(None, "").valid
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 3 * 24 * 3600)
    old = selectors.card_token(own)
    monkeypatch.setattr(time, "time", real)
    assert not selectors.card_check(None, old).valid
    Member.objects.filter(pk=own.pk).update(status="struck_off")
    page = client.get(reverse("portal:verify") + "?t=" + token).content.decode()
    assert "Không hợp lệ" in page and own.full_name not in page


# --- corrections ---------------------------------------------------------------------


def test_a_member_requests_a_correction_and_the_branch_secretary_approves_it(
    world, login, make_member
):
    own = make_member(account=True, phone="0912345678")
    client = login(own.user)
    page = client.get(reverse("portal:record")).content.decode()
    assert "0912345678" in page and reverse("portal:correct") + "?field=phone" in page
    response = client.post(
        reverse("portal:correct"),
        {"field": "phone", "new_value": "0987 654 321", "reason": "Tôi đã đổi số điện thoại",
         "file": SimpleUploadedFile("sim.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    row = CorrectionRequest.objects.get(member=own)
    assert (row.field, row.old_value, row.new_value) == ("phone", "0912345678", "0987654321")
    assert row.unit == own.unit and row.file_name.endswith(".pdf")
    page = client.get(reverse("portal:record")).content.decode()
    assert "yêu cầu sửa" in page.lower() or "đang chờ xem xét" in page.lower()
    assert client.get(reverse("portal:correction_file", args=[row.pk])).status_code == 200

    # The branch secretary finds it from the unit page, and approves.
    secretary = login(world.branch_secretary)
    unit_page = secretary.get(reverse("orgs:unit", args=[own.unit_id])).content.decode()
    assert reverse("portal:unit_corrections", args=[own.unit_id]) in unit_page
    listing = secretary.get(reverse("portal:unit_corrections", args=[own.unit_id]))
    assert own.full_name in listing.content.decode()
    assert secretary.get(reverse("portal:correction_file", args=[row.pk])).status_code == 200
    response = secretary.post(reverse("portal:correction", args=[row.pk]), {"action": "approve"})
    assert response.status_code == 302
    own.refresh_from_db()
    row.refresh_from_db()
    assert own.phone == "0987654321" and own.version == 2
    assert row.status == CorrectionStatus.APPROVED and row.decided_by == world.branch_secretary
    assert own.history.latest().history_user == world.branch_secretary
    page = login(own.user).get(reverse("portal:record")).content.decode()
    assert "đã duyệt và cập nhật" in page
    # A second decision is refused.
    with pytest.raises(ValidationError):
        services.correction_reject(actor=world.branch_secretary, correction=row, note="x")


def test_a_rejection_needs_a_reason_and_the_member_sees_it(world, login, make_member):
    own = make_member(account=True)
    row = services.correction_request(
        actor=own.user, field="date_of_birth", new_value="14/03/2002", reason="Theo CCCD"
    )
    assert row.new_value == "14/03/2002" and row.old_value == "14/03/2001"
    secretary = login(world.secretary)
    page = secretary.post(
        reverse("portal:correction", args=[row.pk]), {"action": "reject", "note": " "}
    ).content.decode()
    assert "Hãy cho đoàn viên biết lý do" in page or "bắt buộc" in page
    row.refresh_from_db()
    assert row.status == CorrectionStatus.PENDING
    secretary.post(
        reverse("portal:correction", args=[row.pk]),
        {"action": "reject", "note": "CCCD ghi năm 2001, đề nghị kiểm tra lại"},
    )
    row.refresh_from_db()
    own.refresh_from_db()
    assert row.status == CorrectionStatus.REJECTED and own.date_of_birth == dt.date(2001, 3, 14)
    page = login(own.user).get(reverse("portal:record")).content.decode()
    assert "CCCD ghi năm 2001" in page


def test_bad_correction_requests_say_what_is_wrong_and_store_nothing(world, login, make_member):
    own = make_member(account=True, phone="0912345678")
    client = login(own.user)
    cases = [
        ({"field": "phone", "new_value": "12ab", "reason": "Đổi số"}, "new_value"),
        ({"field": "phone", "new_value": "0912345678", "reason": "Đổi số"}, "new_value"),
        ({"field": "date_of_birth", "new_value": "31/02/2001", "reason": "Sai"}, "new_value"),
        ({"field": "national_id", "new_value": "001201012345", "reason": "Sai"}, "field"),
        ({"field": "hometown", "new_value": "Thái Bình", "reason": "  "}, "reason"),
    ]
    for data, field in cases:
        response = client.post(reverse("portal:correct"), data)
        assert response.status_code == 200, data
        assert field in response.context["form"].errors, (data, response.context["form"].errors)
    bad_file = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("portal:correct"),
        {"field": "hometown", "new_value": "Thái Bình", "reason": "Sai", "file": bad_file},
    )
    assert "file" in response.context["form"].errors
    assert not CorrectionRequest.objects.exists()
    services.correction_request(actor=own.user, field="hometown", new_value="A", reason="B")
    with pytest.raises(ValidationError) as error:
        services.correction_request(actor=own.user, field="hometown", new_value="C", reason="D")
    assert "field" in error.value.message_dict


def test_reviewing_corrections_is_scoped(world, login, make_member):
    own = make_member("TA.G1.B1", account=True)
    row = services.correction_request(
        actor=own.user, field="occupation", new_value="Công nhân", reason="Đã đi làm"
    )
    url = reverse("portal:correction", args=[row.pk])
    assert login(world.staff_b).get(url).status_code == 404
    assert login(world.staff_b).post(url, {"action": "approve"}).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    assert (
        login(world.staff_b).get(reverse("portal:correction_file", args=[row.pk])).status_code
        == 404
    )
    other = make_member("TA.G1.B1", account=True)
    assert (
        login(other.user).get(reverse("portal:correction_file", args=[row.pk])).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        services.correction_approve(actor=world.member, correction=row)
    row.refresh_from_db()
    assert row.status == CorrectionStatus.PENDING
    # Not listed for another province.
    tb = reverse("portal:unit_corrections", args=[world.unit("TB").pk])
    assert own.full_name not in login(world.staff_b).get(tb).content.decode()
    ta = reverse("portal:unit_corrections", args=[world.unit("TA").pk])
    assert own.full_name in login(world.staff_a).get(ta).content.decode()


def test_the_warning_counts_requests_waiting_more_than_a_week(world, make_member):
    own = make_member(account=True)
    row = services.correction_request(
        actor=own.user, field="workplace", new_value="Trường THPT Đông Hưng", reason="Chuyển trường"
    )
    today = timezone.localdate()
    units = [world.unit("TA"), world.unit("TB")]
    assert selectors.pending_counts(units, today) == {units[0].pk: 0, units[1].pk: 0}
    CorrectionRequest.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - dt.timedelta(days=9)
    )
    assert selectors.pending_counts(units, today) == {units[0].pk: 1, units[1].pk: 0}


# --- activation ----------------------------------------------------------------------


def test_the_secretary_hands_a_code_and_the_member_opens_an_account(
    world, client, login, make_member
):
    own = make_member(phone="0911222333")
    secretary = login(world.branch_secretary)
    detail = secretary.get(reverse("members:detail", args=[own.pk])).content.decode()
    assert reverse("portal:invite", args=[own.pk]) in detail
    page = secretary.post(reverse("portal:invite", args=[own.pk]), {"email": ""}).content.decode()
    code = re.search(r'id="invite-code">([A-Z0-9]{8})<', page).group(1)
    invitation = Invitation.objects.get(member=own)
    assert code not in invitation.code_hash and invitation.created_by == world.branch_secretary
    assert invitation.expires_at.date() == (timezone.now() + dt.timedelta(days=14)).date()
    secretary.post(reverse("accounts:logout"))

    url = reverse("portal:activate")
    password = "Hoa-Doan-2026!"
    data = {"code": code.lower()[:4] + " " + code.lower()[4:], "identity": "01/01/2001",
            "username": "hoa.tran", "password": password, "password2": password}  # fmt: skip
    response = client.post(url, data)
    assert "identity" in response.context["form"].errors
    invitation.refresh_from_db()
    assert invitation.failed_checks == 1 and invitation.used_at is None
    response = client.post(url, {**data, "identity": "14/03/2001", "password2": "other-Pass-9"})
    assert "password2" in response.context["form"].errors
    response = client.post(url, {**data, "identity": "14/03/2001", "password": "123",
                                 "password2": "123"})  # fmt: skip
    assert "password" in response.context["form"].errors
    assert not Member.objects.get(pk=own.pk).user_id
    response = client.post(url, {**data, "identity": "0911 222 333"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.user.username == "hoa.tran" and own.user.check_password("Hoa-Doan-2026!")
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    # The code works once.
    response = client.post(url, {**data, "identity": "14/03/2001", "username": "hoa.tran2"})
    assert "code" in response.context["form"].errors
    # The new account sees its card.
    assert login(own.user).get(reverse("portal:card")).status_code == 200


def test_codes_expire_are_withdrawn_and_stop_after_wrong_tries(world, make_member):
    own = make_member()
    first, first_code = services.invitation_create(actor=world.branch_secretary, member=own)
    second, code = services.invitation_create(actor=world.branch_secretary, member=own)
    first.refresh_from_db()
    assert first.revoked_at is not None
    args = {"identity": "14/03/2001", "username": "hoa.x", "password": "Hoa-Doan-2026!"}
    with pytest.raises(ValidationError) as error:
        services.activate(code=first_code, **args)
    assert "code" in error.value.message_dict
    Invitation.objects.filter(pk=second.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.activate(code=code, **args)
    _third, code = services.invitation_create(actor=world.branch_secretary, member=own)
    for _ in range(services.MAX_FAILED_CHECKS):
        with pytest.raises(ValidationError):
            services.activate(code=code, **{**args, "identity": "01/01/1999"})
    with pytest.raises(ValidationError) as error:
        services.activate(code=code, **args)
    assert "code" in error.value.message_dict
    assert not Member.objects.get(pk=own.pk).user_id


def test_inviting_is_scoped_and_refused_for_a_member_with_an_account(world, login, make_member):
    own = make_member()
    url = reverse("portal:invite", args=[own.pk])
    assert login(world.staff_b).post(url, {"email": ""}).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=world.member, member=own)
    with_account = make_member(account=True)
    with pytest.raises(ValidationError):
        services.invitation_create(actor=world.branch_secretary, member=with_account)


def test_the_code_can_go_by_e_mail(
    world, make_member, smtp_server, django_capture_on_commit_callbacks
):
    own = make_member(email="hoa@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, code = services.invitation_create(
            actor=world.branch_secretary, member=own, email="hoa@example.org"
        )
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["hoa@example.org"]
    message = message_from_bytes(envelope.content)
    body = message.get_payload(decode=True).decode()
    assert code in body and "https://chudong.example.vn/activate/" in body
    assert invitation.email == "hoa@example.org"


# --- installable web app and data download -------------------------------------------


def test_the_manifest_service_worker_and_offline_page_are_public(client):
    manifest = client.get(reverse("portal:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    body = json.loads(manifest.content)
    assert body["start_url"] == "/me/" and body["display"] == "standalone" and body["icons"]
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker["Service-Worker-Allowed"] == "/"
    text = worker.content.decode()
    assert '"/offline/"' in text and "__SHELL__" not in text and "/static/css/app.css" in text
    assert f'"chudong-shell-{views.shell_version()}"' in text and "__VERSION__" not in text
    offline = client.get(reverse("portal:offline"))
    assert offline.status_code == 200 and "Không có kết nối" in offline.content.decode()


def test_a_member_downloads_their_own_data_and_nobody_elses(world, login, make_member):
    own = make_member(account=True, hometown="Xã Đông Hưng")
    other = make_member(account=True, hometown="Xã Tây Sơn")
    services.correction_request(
        actor=own.user, field="occupation", new_value="Sinh viên", reason="Đi học"
    )
    services.correction_request(
        actor=other.user, field="occupation", new_value="Bộ đội", reason="Nhập ngũ"
    )
    response = login(own.user).get(reverse("portal:data"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["member"]["pk"] == own.pk and data["member"]["fields"]["hometown"] == "Xã Đông Hưng"
    assert "user" not in data["member"]["fields"]
    assert [r["fields"]["new_value"] for r in data["related"]["portal.correctionrequest"]] == [
        "Sinh viên"
    ]
    # The unit and status periods member_create wrote come too (found through relations).
    assert {"members.memberunitperiod", "members.memberstatusperiod"} <= set(data["related"]), list(
        data["related"]
    )
    text = response.content.decode()
    assert "Tây Sơn" not in text and "Bộ đội" not in text
    assert login(world.outsider).get(reverse("portal:data")).status_code == 404


def test_when_the_mail_server_refuses_no_code_is_left_and_the_secretary_is_told(
    world, login, make_member, settings
):
    from tests.mail import free_port

    closed_port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_TIMEOUT = 2
    own = make_member()
    response = login(world.branch_secretary).post(
        reverse("portal:invite", args=[own.pk]), {"email": "hoa@example.org"}
    )
    assert "email" in response.context["form"].errors
    assert "Không gửi được e-mail" in response.content.decode()
    assert 'id="invite-code"' not in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_pdf_of_ones_own_data_is_a_pdf(world, login, make_member):
    own = make_member(account=True, hometown="Xã Đông Hưng")
    services.correction_request(
        actor=own.user, field="occupation", new_value="#panic() *Sinh viên*", reason="Đi học"
    )
    response = login(own.user).get(reverse("portal:data_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert len(response.content) > 5000
    from chudong.portal.pdf import own_data_texts

    texts = own_data_texts(own, selectors.own_data(own.user, own))
    assert ["Quê quán", "Xã Đông Hưng"] in texts["facts"]
    titles = [section["title"] for section in texts["sections"]]
    assert any("sửa hồ sơ" in title.lower() for title in titles), titles


def test_the_service_worker_cache_changes_with_the_shell_files(tmp_path, monkeypatch):
    """A new style sheet must not stay hidden behind the worker's cache of the old one."""
    sheet = tmp_path / "app.css"
    sheet.write_text("body { color: black; }")
    real = views._static_file
    monkeypatch.setattr(
        views, "_static_file", lambda path: str(sheet) if path == "css/app.css" else real(path)
    )
    before = views.shell_version()
    assert views.shell_version() == before
    sheet.write_text("body { color: navy; }")
    assert views.shell_version() != before


def test_the_correction_form_shows_what_the_record_now_says(world, login, make_member):
    own = make_member(account=True, hometown="Xã Đông Hưng")
    client = login(own.user)
    chosen = client.get(reverse("portal:correct"), {"field": "hometown"}).content.decode()
    now_says = re.search(r'<p class="portal-current" id="portal-current">(.*?)</p>', chosen, re.S)
    assert now_says and "Hồ sơ đang ghi:" in now_says.group(1)
    assert "<strong>Xã Đông Hưng</strong>" in now_says.group(1)
    # Every field's value is there for the page's script when another field is chosen.
    assert '<li data-field="hometown">Xã Đông Hưng</li>' in chosen
    blank = client.get(reverse("portal:correct")).content.decode()
    assert 'id="portal-current" hidden' in blank
