"""Sending documents down the tree, members' acknowledgements, coverage at every level,
reminders, and the pages that show them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chudong.access.models import Role, RoleAssignment
from chudong.dissemination import selectors, services
from chudong.dissemination.models import Acknowledgement, Dispatch, DispatchKind
from chudong.notices.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(world, make_member):
    """Members across province TA (three in TA.G1.B1, two in TA.G1.B2, one in TA.G2.B1)
    and one in province TB; all with accounts."""
    return {
        "b1": [make_member("TA.G1.B1", account=True) for _ in range(3)],
        "b2": [make_member("TA.G1.B2", account=True) for _ in range(2)],
        "g2": [make_member("TA.G2.B1", account=True)],
        "tb": [make_member("TB.G1.B1", account=True)],
    }


def test_it_reaches_every_member_below_the_province_and_nobody_elsewhere(
    world, province, send, login
):
    dispatch = send()
    for key in ("b1", "b2", "g2"):
        for member in province[key]:
            assert dispatch in selectors.documents_for_member(member), key
            page = login(member.user).get(reverse("dissemination:mine"))
            assert dispatch.title in page.content.decode()
    outsider = province["tb"][0]
    assert selectors.documents_for_member(outsider) == []
    client = login(outsider.user)
    assert dispatch.title not in client.get(reverse("dissemination:mine")).content.decode()
    url = reverse("dissemination:my_document", args=[dispatch.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Acknowledgement.objects.exists()
    # The audience is two rows of data (the document and its unit), not one per member.
    assert dispatch.audience.count() == 1
    assert Dispatch.objects.get(pk=dispatch.pk).intended_count == 6


def _ack(member, dispatch):
    return services.acknowledge(actor=member.user, dispatch=dispatch)


def _figures(cov):
    return (cov.total.intended, cov.total.acknowledged), {
        row.unit.code: (row.intended, row.acknowledged) for row in cov.children
    }


def test_it_counts_coverage_right_at_province_grassroots_and_branch(world, province, send):
    dispatch = send()
    _ack(province["b1"][0], dispatch)
    _ack(province["g2"][0], dispatch)
    services.acknowledge_at_meeting(
        actor=world.branch_secretary, dispatch=dispatch, unit=world.unit("TA.G1.B1"),
        member_ids=[province["b1"][1].pk],
    )  # fmt: skip

    assert _figures(selectors.coverage(dispatch, world.unit("TA"))) == (
        (6, 3),
        {"TA.G1": (5, 2), "TA.G2": (1, 1)},
    )
    assert _figures(selectors.coverage(dispatch, world.unit("TA.G1"))) == (
        (5, 2),
        {"TA.G1.B1": (3, 2), "TA.G1.B2": (2, 0)},
    )
    branch = selectors.coverage(dispatch, world.unit("TA.G1.B1"))
    assert (branch.total.intended, branch.total.acknowledged, branch.total.percent) == (3, 2, 67)
    assert Dispatch.objects.get(pk=dispatch.pk).acknowledged_count == 3


def test_chosen_sub_units_and_leadership_narrow_the_audience(world, province, send):
    to_b2 = send(audience_units=[world.unit("TA.G1.B2")])
    assert to_b2 not in selectors.documents_for_member(province["b1"][0])
    assert to_b2 in selectors.documents_for_member(province["b2"][0])
    assert _figures(selectors.coverage(to_b2, world.unit("TA"))) == ((2, 0), {"TA.G1": (2, 0)})

    leader = province["b1"][2]
    RoleAssignment.objects.create(
        user=leader.user, unit=world.unit("TA.G1.B1"),
        role=Role.objects.get(code="deputy-secretary"), start_date=dt.date(2025, 1, 1),
    )  # fmt: skip
    leaders = send(audience_roles="leadership")
    assert leaders in selectors.documents_for_member(leader)
    assert leaders not in selectors.documents_for_member(province["b1"][0])
    assert _figures(selectors.coverage(leaders, world.unit("TA.G1"))) == (
        (1, 0),
        {"TA.G1.B1": (1, 0)},
    )


def test_a_sub_unit_outside_the_sender_is_refused(world, send):
    with pytest.raises(Exception) as error:
        send(audience_units=[world.unit("TB.G1")])
    assert "audience_units" in error.value.message_dict


def test_acknowledging_twice_keeps_one_row(world, province, send, login):
    dispatch = send()
    member = province["b1"][0]
    client = login(member.user)
    url = reverse("dissemination:my_document", args=[dispatch.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Acknowledgement.objects.filter(dispatch=dispatch, member=member).count() == 1
    assert Dispatch.objects.get(pk=dispatch.pk).acknowledged_count == 1
    ack, created = services.acknowledge(actor=member.user, dispatch=dispatch)
    assert not created and ack.source == "self"
    page = client.get(url).content.decode()
    assert "Đã đọc và nắm được" in page
    # Recorded again at the meeting: the member's own confirmation stays, nothing added.
    added = services.acknowledge_at_meeting(
        actor=world.branch_secretary, dispatch=dispatch, unit=world.unit("TA.G1.B1"),
        member_ids=[member.pk],
    )  # fmt: skip
    assert added == 0
    assert Dispatch.objects.get(pk=dispatch.pk).acknowledged_count == 1


def test_the_branch_secretary_records_a_meeting_from_the_checklist(world, province, send, login):
    dispatch = send()
    branch = world.unit("TA.G1.B1")
    client = login(world.branch_secretary)
    url = reverse("dissemination:meeting", args=[branch.pk, dispatch.pk])
    page = client.get(url).content.decode()
    for member in province["b1"]:
        assert member.full_name in page
    assert province["b2"][0].full_name not in page
    chosen = [province["b1"][0].pk, province["b1"][1].pk, province["b2"][0].pk]
    response = client.post(url, {"members": [str(i) for i in chosen]})
    # A member of another branch is not offered, so the form refuses the whole choice.
    assert response.status_code == 200
    assert not Acknowledgement.objects.exists()
    response = client.post(url, {"members": [str(i) for i in chosen[:2]]})
    assert response.status_code == 302
    rows = Acknowledgement.objects.filter(dispatch=dispatch)
    assert sorted(rows.values_list("member_id", flat=True)) == sorted(chosen[:2])
    assert set(rows.values_list("source", flat=True)) == {"meeting"}
    # A plain member sees the branch but may not record for others.
    assert login(world.member).post(url, {"members": [chosen[0]]}).status_code == 403


def test_an_upload_of_the_wrong_type_is_refused_in_vietnamese(world, login):
    client = login(world.staff_a)
    unit = world.unit("TA")
    response = client.post(
        reverse("dissemination:send", args=[unit.pk]),
        {
            "title": "Chỉ thị về tháng thanh niên", "kind": "directive", "issued_on": "01/11/2026",
            "issuer": "Ban Thường vụ Tỉnh đoàn", "audience_roles": "all",
            "files": [SimpleUploadedFile("chi-thi.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "không phải PDF" in response.content.decode()
    assert not Dispatch.objects.exists()


def test_a_pdf_attachment_is_stored_and_served_only_to_the_audience(
    world, province, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.staff_a)
    unit = world.unit("TA")
    response = client.post(
        reverse("dissemination:send", args=[unit.pk]),
        {
            "title": "Tài liệu sinh hoạt chi đoàn tháng 12", "kind": "branch_material",
            "issued_on": "20/11/2026", "issuer": "Ban Tuyên giáo Tỉnh đoàn",
            "audience_roles": "all", "acknowledge_by": "15/12/2026",
            "files": [SimpleUploadedFile("../../tài liệu.pdf", b"%PDF-1.4 tai lieu")],
        },
    )  # fmt: skip
    dispatch = Dispatch.objects.get()
    assert response.status_code == 302
    assert dispatch.kind == DispatchKind.BRANCH_MATERIAL == "branch_material"
    attachment = dispatch.files.get()
    assert attachment.original_name == "tài_liệu.pdf"
    assert "/" not in attachment.file.name.split("dissemination/")[1].split("/", 1)[1]
    own = reverse("dissemination:my_file", args=[dispatch.pk, attachment.pk])
    download = login(province["g2"][0].user).get(own)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 tai lieu"
    assert login(province["tb"][0].user).get(own).status_code == 404
    scoped = reverse("dissemination:file", args=[world.unit("TB").pk, dispatch.pk, attachment.pk])
    assert login(world.staff_b).get(scoped).status_code == 404


def test_reminders_reach_only_those_who_have_not_acknowledged(
    world, province, send, login, django_capture_on_commit_callbacks
):
    dispatch = send()
    done = [province["b1"][0], province["b2"][0], province["b2"][1], province["g2"][0]]
    for member in done:
        _ack(member, dispatch)
    client = login(world.staff_a)
    url = reverse("dissemination:remind", args=[world.unit("TA").pk, dispatch.pk])
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    reminded = set(
        Notification.objects.filter(kind=services.REMINDER_KIND).values_list("user_id", flat=True)
    )
    waiting = {m.user_id for m in province["b1"][1:]}
    # TA.G1.B1 has 1 of 3 (33%): its secretary is reminded too; other branches are above.
    assert reminded == waiting | {world.branch_secretary.pk}
    # The same day again: nobody is reminded twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Notification.objects.filter(kind=services.REMINDER_KIND).count() == len(reminded)
    # A grassroots secretary may remind their own union; a plain member may not.
    assert login(province["b1"][1].user).post(url).status_code == 404


def test_the_pages_show_coverage_and_drill_down(world, province, send, login):
    dispatch = send()
    _ack(province["b1"][0], dispatch)
    client = login(world.staff_a)
    page = client.get(reverse("dissemination:coverage", args=[world.unit("TA").pk, dispatch.pk]))
    body = page.content.decode()
    assert world.unit("TA.G1").name in body and world.unit("TA.G2").name in body
    assert "1/5 (20%)" in body and "0/1 (0%)" in body
    secretary = login(world.secretary)
    here = reverse("dissemination:coverage", args=[world.unit("TA.G1").pk, dispatch.pk])
    assert secretary.get(here).status_code == 200
    above = reverse("dissemination:coverage", args=[world.unit("TA").pk, dispatch.pk])
    assert secretary.get(above).status_code == 404
    listing = secretary.get(reverse("dissemination:units", args=[world.unit("TA.G1").pk]))
    assert dispatch.title in listing.content.decode()


def test_the_warning_counts_documents_behind_after_their_deadline(world, province, send):
    dispatch = send(acknowledge_by=dt.date(2026, 11, 10))
    _ack(province["b1"][0], dispatch)
    units = [world.unit("TA"), world.unit("TB"), world.unit("TA.G1")]
    counts = selectors.low_coverage_counts(units, dt.date(2026, 11, 22))
    assert counts == {world.unit("TA").pk: 1, world.unit("TB").pk: 0, world.unit("TA.G1").pk: 0}
    assert selectors.low_coverage_counts(units, dt.date(2026, 11, 5))[world.unit("TA").pk] == 0
    for member in province["b1"][1:] + province["b2"]:
        _ack(member, dispatch)
    assert selectors.low_coverage_counts(units, dt.date(2026, 11, 22))[world.unit("TA").pk] == 0


def test_the_member_panel_lists_acknowledged_documents(world, province, send, login):
    dispatch = send()
    member = province["b1"][0]
    _ack(member, dispatch)
    client = login(world.secretary)
    page = client.get(reverse("dissemination:member", args=[member.pk]), HTTP_HX_REQUEST="true")
    assert dispatch.title in page.content.decode()


def test_query_counts_are_pinned(world, province, send, login, django_assert_max_num_queries):
    for n in range(5):
        dispatch = send(title=f"Văn bản mẫu số {n}")
        _ack(province["b1"][0], dispatch)
    send(unit_code="TA.G1", actor=world.secretary, title="Kế hoạch của Đoàn xã")
    staff = login(world.staff_a)
    with django_assert_max_num_queries(16):
        staff.get(reverse("dissemination:units", args=[world.unit("TA").pk]))
    secretary = login(world.secretary)
    with django_assert_max_num_queries(18):
        page = secretary.get(reverse("dissemination:units", args=[world.unit("TA.G1").pk]))
    assert page.content.decode().count("Văn bản mẫu số") == 5
    with django_assert_max_num_queries(18):
        staff.get(reverse("dissemination:coverage", args=[world.unit("TA").pk, dispatch.pk]))
    member = login(province["b1"][0].user)
    with django_assert_max_num_queries(12):
        member.get(reverse("dissemination:mine"))
