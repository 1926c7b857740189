"""The register of processing activities, My pages links, the menu entries."""

from __future__ import annotations

from chudong.privacy.models import ProcessingActivity


def test_the_register_lists_every_activity_to_any_signed_in_user(world, login):
    page = login(world.member).get("/privacy/register/").content.decode()
    for activity in ProcessingActivity.objects.all():
        assert activity.purpose in page
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in page
    english = login(world.member).get("/privacy/register/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_my_pages_link_the_consents_and_requests(world, login, make_member):
    member = make_member(account=True)
    page = login(member.user).get("/me/").content.decode()
    assert "/me/consents/" in page and "/me/data-requests/" in page and "/privacy/register/" in page


def test_the_member_page_links_consents_for_those_who_manage_members(world, login, make_member):
    member = make_member()
    assert (
        f"/members/{member.pk}/privacy/"
        in login(world.branch_secretary).get(f"/members/{member.pk}/").content.decode()
    )
    page = login(world.branch_secretary).get(f"/members/{member.pk}/privacy/").content.decode()
    assert "Ghi nhận phiếu đồng ý đã ký" in page


def test_the_officer_menu_goes_to_the_read_log_of_their_unit(world, login):
    response = login(world.dpo_a).get("/privacy/read-log/")
    assert response["Location"] == f"/units/{world.unit('TA').pk}/privacy/read-log/"
    assert login(world.secretary).get("/privacy/").status_code == 302


def test_the_pages_speak_english_when_asked(world, login, make_member):
    member = make_member(account=True)
    client = login(member.user)
    client.cookies["django_language"] = "en"
    page = client.get("/me/consents/").content.decode()
    assert "Health, to plan suitable activities" in page
    assert "I agree that my branch and the units above it process this data" in page
    register = client.get("/privacy/register/").content.decode()
    assert "Managing members: dossier, member book, card, Charter procedures" in register


def test_the_member_page_panel_shows_the_consents(world, login, make_member):
    import datetime as dt

    from chudong.privacy import services
    from chudong.privacy.models import ConsentPurpose

    member = make_member()
    services.consent_give(
        actor=world.branch_secretary, member=member,
        purpose=ConsentPurpose.objects.get(code="health"), confirmed=True,
        given_on=dt.date(2026, 11, 2), evidence="Phiếu 4/2026",
    )  # fmt: skip
    client = login(world.branch_secretary)
    detail = client.get(f"/members/{member.pk}/").content.decode()
    assert f'hx-get="/members/{member.pk}/privacy/"' in detail
    panel = client.get(f"/members/{member.pk}/privacy/", HTTP_HX_REQUEST="true").content.decode()
    assert panel.lstrip().startswith('<section class="card" id="member-privacy-consents">')
    assert "02/11/2026" in panel and "Phiếu 4/2026" in panel
    # A committee member sees the member page but does not manage members: no panel.
    from chudong.access.models import Role, RoleAssignment
    from chudong.accounts.services import user_create

    viewer = user_create(username="uvbch", full_name="Ủy Viên Ban Chấp Hành", password="x-Se-1234")
    RoleAssignment.objects.create(
        user=viewer, unit=world.unit("TA.G1"), role=Role.objects.get(code="executive-committee"),
        start_date=dt.date(2020, 1, 1),
    )  # fmt: skip
    page = login(viewer).get(f"/members/{member.pk}/")
    assert page.status_code == 200
    assert f"/members/{member.pk}/privacy/" not in page.content.decode()
