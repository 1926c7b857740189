"""The yearly cycle: register with the direct upper level, follow, self-assess with the
computed indicators and evidence, review (return or accept, one by one or in bulk),
decide with a printable decision, revoke; and the warnings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from chudong.orgs import registry
from chudong.recognition import pdf, selectors, services
from chudong.recognition.models import CriterionScore, Cycle, CycleState, Evidence

from .conftest import PLAN, YEAR, register, self_assess

pytestmark = pytest.mark.django_db

DECISION = {
    "number": "45-QĐ/TĐTN",
    "signed_on": dt.date(2026, 11, 20),
    "place": "Hải Đăng",
    "signer_name": "Trần Thị Hải",
    "signer_title": "Phó Bí thư",
}


def test_a_grassroots_union_registers_with_its_direct_upper_unit(world, today):
    cycle = register(world)
    assert cycle.state == CycleState.REGISTERED
    assert cycle.upper_unit == world.unit("TA") and cycle.registered_by == world.secretary
    assert cycle.framework == selectors.framework_in_force(unit=world.unit("TA.G1"), year=YEAR)
    # A branch does not run the model; a union elsewhere is out of the secretary's scope.
    with pytest.raises(ValidationError):
        register(world, "TA.G1.B1", actor="central_admin")
    with pytest.raises(Http404):
        register(world, "TB.G1")


def test_the_plan_needs_an_approach_and_a_roadmap(world, today):
    with pytest.raises(ValidationError) as error:
        services.plan_register(
            actor=world.secretary,
            unit=world.unit("TA.G1"),
            year=YEAR,
            data={"approach": " ", "roadmap": ""},
        )
    assert set(error.value.message_dict) == {"approach", "roadmap"}
    assert not Cycle.objects.filter(unit=world.unit("TA.G1")).exists()


def test_the_upper_level_assigns_a_follower_from_its_own_cadres(world, today):
    commune = world.unit("TA.G1")
    cycle = services.follower_assign(
        actor=world.staff_a, unit=commune, year=YEAR, follower=world.staff_a
    )
    assert cycle.follower == world.staff_a and cycle.state == CycleState.OPEN
    with pytest.raises(ValidationError):
        services.follower_assign(
            actor=world.staff_a, unit=commune, year=YEAR, follower=world.staff_b
        )
    with pytest.raises(PermissionDenied):  # the union cannot pick who follows it
        services.follower_assign(
            actor=world.secretary, unit=commune, year=YEAR, follower=world.staff_a
        )
    # Registering afterwards keeps the follower.
    assert register(world).follower == world.staff_a


def test_self_assessment_keeps_scores_evidence_and_freezes_indicators(world, today):
    cycle = register(world)
    criterion = cycle.framework.criteria.get(code="1.1")
    upload = SimpleUploadedFile("biên bản.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    services.criterion_assess(
        actor=world.secretary,
        cycle=cycle,
        criterion=criterion,
        own_score=1,
        narrative="Tổ chức đối thoại",
        upload=upload,
    )
    evidence = Evidence.objects.get(cycle=cycle)
    assert evidence.name == "bien-ban.pdf" or evidence.name.endswith(".pdf")
    with pytest.raises(ValidationError) as error:  # 14 criteria still unscored
        services.self_assessment_submit(actor=world.secretary, cycle=cycle)
    assert "1.2" in str(error.value)
    bad = SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        services.criterion_assess(
            actor=world.secretary,
            cycle=cycle,
            criterion=criterion,
            own_score=1,
            narrative="",
            upload=bad,
        )
    with pytest.raises(ValidationError):
        services.criterion_assess(
            actor=world.secretary, cycle=cycle, criterion=criterion, own_score=3, narrative=""
        )
    assert Evidence.objects.filter(cycle=cycle).count() == 1

    cycle = self_assess(world, cycle)

    assert cycle.state == CycleState.SUBMITTED and cycle.own_total == 15
    frozen = CriterionScore.objects.get(cycle=cycle, criterion__code="3.5")
    assert frozen.numerator == 0 and frozen.denominator is None
    with pytest.raises(ValidationError):  # no more changes once submitted
        services.criterion_assess(
            actor=world.secretary, cycle=cycle, criterion=criterion, own_score=0, narrative=""
        )


def test_the_upper_level_returns_then_accepts(world, today):
    cycle = self_assess(world, register(world))
    with pytest.raises(PermissionDenied):  # a union does not review itself
        services.review_return(actor=world.secretary, cycle=cycle, reason="x")
    with pytest.raises(ValidationError):
        services.review_return(actor=world.staff_a, cycle=cycle, reason=" ")
    cycle = services.review_return(
        actor=world.staff_a, cycle=cycle, reason="Bổ sung minh chứng tiêu chí 2.3"
    )
    assert cycle.state == CycleState.RETURNED
    cycle = services.self_assessment_submit(actor=world.secretary, cycle=cycle)

    rows = [
        {"criterion_id": c.pk, "score": 1 if c.code != "2.4" else 0, "comment": ""}
        for c in cycle.framework.criteria.all()
    ]
    cycle = services.review_save(
        actor=world.staff_a, cycle=cycle, rows=rows, comment="", accept=True
    )
    assert cycle.state == CycleState.REVIEWED and cycle.passed is False
    assert cycle.review_total == 14


def test_bulk_review_accepts_many_with_their_own_scores(world, today):
    first = self_assess(world, register(world))
    second = self_assess(
        world, register(world, "TA.G2", actor="central_admin"), actor="central_admin"
    )
    count = services.review_accept_many(
        actor=world.staff_a, upper=world.unit("TA"), cycle_ids=[first.pk, second.pk]
    )
    assert count == 2
    assert set(Cycle.objects.values_list("state", "passed")) == {(CycleState.REVIEWED, True)}
    other = services.review_accept_many(
        actor=world.staff_b, upper=world.unit("TA"), cycle_ids=[first.pk]
    )
    assert other == 0


def test_a_decision_recognises_units_prints_and_can_be_revoked(world, reviewed):
    with pytest.raises(PermissionDenied):
        services.decision_issue(
            actor=world.secretary,
            issuer=world.unit("TA"),
            year=YEAR,
            data=DECISION,
            cycles=[reviewed],
        )
    with pytest.raises(ValidationError) as error:
        services.decision_issue(
            actor=world.staff_a,
            issuer=world.unit("TA"),
            year=YEAR,
            data={**DECISION, "number": ""},
            cycles=[],
        )
    assert {"number", "cycles"} <= set(error.value.message_dict)

    decision = services.decision_issue(
        actor=world.staff_a, issuer=world.unit("TA"), year=YEAR, data=DECISION, cycles=[reviewed]
    )
    reviewed.refresh_from_db()
    assert reviewed.state == CycleState.RECOGNISED and reviewed.decision == decision
    data = pdf.decision_data(decision)
    assert data["union"] == "ĐOÀN TNCS HỒ CHÍ MINH" and data["heading"] == "QUYẾT ĐỊNH"
    assert data["units"] == ["Đoàn xã Bình Minh"]
    assert pdf.decision_pdf(decision).startswith(b"%PDF")

    with pytest.raises(ValidationError):
        services.recognition_revoke(actor=world.staff_a, cycle=reviewed, reason="")
    services.recognition_revoke(
        actor=world.staff_a, cycle=reviewed, reason="Phát hiện báo cáo không trung thực"
    )
    reviewed.refresh_from_db()
    assert reviewed.state == CycleState.REVOKED and reviewed.decision == decision


def test_the_decision_pdf_sets_vietnamese_without_missing_fonts(world, reviewed):
    """Rendered to an image: no font warning (a font without Vietnamese marks would be
    replaced and reported), and the page carries ink."""
    import json

    import typst
    from PIL import Image

    decision = services.decision_issue(
        actor=world.staff_a, issuer=world.unit("TA"), year=YEAR, data=DECISION, cycles=[reviewed]
    )
    inputs = {"data": json.dumps(pdf.decision_data(decision), ensure_ascii=False)}
    image, warnings = typst.compile_with_warnings(
        pdf.TEMPLATE.read_bytes(), sys_inputs=inputs, format="png", ppi=72
    )
    assert warnings == []
    first = image[0] if isinstance(image, list) else image
    picture = Image.open(io.BytesIO(first))
    assert picture.width > 500 and picture.convert("L").getextrema()[0] < 100
    assert pdf.decision_png(decision).startswith(b"\x89PNG")


def test_the_cycle_pages_run_from_the_browser(world, login, today):
    commune = world.unit("TA.G1")
    client = login(world.secretary)
    page = client.get(f"/units/{commune.pk}/recognition/?year={YEAR}").content.decode()
    assert f"/units/{commune.pk}/recognition/plan/" in page
    response = client.post(
        f"/units/{commune.pk}/recognition/plan/?year={YEAR}", {**PLAN, "focus": []}
    )
    assert response.status_code == 302
    cycle = Cycle.objects.get(unit=commune, year=YEAR)
    page = client.get(f"/recognition/cycles/{cycle.pk}/").content.decode()
    assert "1.1" in page and "3.5" in page
    for criterion in cycle.framework.criteria.all():
        client.post(
            f"/recognition/cycles/{cycle.pk}/assess/",
            {"criterion": criterion.pk, "own_score": "1", "narrative": "Đã làm"},
        )
    client.post(f"/recognition/cycles/{cycle.pk}/submit/")
    cycle.refresh_from_db()
    assert cycle.state == CycleState.SUBMITTED

    staff = login(world.staff_a)
    province = world.unit("TA")
    assert (
        "Đoàn xã Bình Minh"
        in staff.get(f"/units/{province.pk}/recognition/review/").content.decode()
    )
    staff.post(f"/units/{province.pk}/recognition/review/?year={YEAR}", {"cycle": [cycle.pk]})
    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEWED and cycle.passed
    response = staff.post(
        f"/units/{province.pk}/recognition/decisions/new/?year={YEAR}",
        {
            **{k: str(v) for k, v in DECISION.items()},
            "signed_on": "2026-11-20",
            "cycles": [cycle.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.RECOGNISED
    pdf_response = staff.get(response["Location"] + "pdf/")
    assert pdf_response["Content-Type"] == "application/pdf"
    assert b"".join(pdf_response.streaming_content).startswith(b"%PDF")
    # The union reads its own decision from its own unit.
    own = login(world.secretary).get(
        f"/units/{commune.pk}/recognition/decisions/{cycle.decision_id}/"
    )
    assert own.status_code == 200 and "45-QĐ/TĐTN" in own.content.decode()

    dashboard = (
        login(world.staff_a)
        .get(f"/units/{province.pk}/recognition/dashboard/?year={YEAR}")
        .content.decode()
    )
    assert "Đoàn xã Bình Minh" in dashboard
    export = login(world.staff_a).get(
        f"/units/{province.pk}/recognition/dashboard.xlsx?year={YEAR}"
    )
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True)
    cells = [v for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v]
    assert "Đoàn xã Bình Minh" in cells and "45-QĐ/TĐTN" in cells


def test_the_dashboard_counts_by_state_and_finds_the_weakest_criterion(world, today):
    cycle = self_assess(world, register(world))
    rows = [
        {"criterion_id": c.pk, "score": 0 if c.code == "2.3" else 1, "comment": ""}
        for c in cycle.framework.criteria.all()
    ]
    services.review_save(actor=world.staff_a, cycle=cycle, rows=rows, comment="", accept=True)
    register(world, "TA.G2", actor="central_admin")
    data = selectors.dashboard(actor=world.staff_a, unit=world.unit("TA"), year=YEAR)
    total = data["total"]
    assert (
        total.grassroots,
        total.registered,
        total.submitted,
        total.reviewed,
        total.recognised,
    ) == (2, 2, 1, 1, 0)
    assert data["weakest"][0]["criterion__code"] == "2.3"
    assert data["trend"][-1].registered == 2 and data["trend"][0].registered == 0


def test_warnings_for_plans_missing_after_the_deadline_and_reviews_overdue(world, today):
    keys = {w.key: w for w in registry.warnings()}
    unregistered = keys["recognition_unregistered"].count_many
    overdue = keys["recognition_review_overdue"].count_many
    province = world.unit("TA")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0), tick=False):
        assert unregistered([province], dt.date(2026, 3, 1)) == {province.pk: 0}
    assert unregistered([province], dt.date(2026, 11, 22)) == {province.pk: 2}
    cycle = register(world)
    assert unregistered([province], dt.date(2026, 11, 22)) == {province.pk: 1}
    self_assess(world, cycle)
    assert overdue([province], dt.date(2026, 11, 30)) == {province.pk: 0}
    assert overdue([province], dt.date(2027, 1, 5)) == {province.pk: 1}


def test_text_typed_by_users_prints_as_typed_in_the_decision(world, reviewed):
    decision = services.decision_issue(
        actor=world.staff_a, issuer=world.unit("TA"), year=YEAR, cycles=[reviewed],
        data={**DECISION, "signer_name": '#panic("x") *đậm*', "place": "Hải Đăng ]"},
    )  # fmt: skip
    assert pdf.decision_pdf(decision).startswith(b"%PDF")


def test_the_follow_page_reads_a_fixed_number_of_queries(
    world, login, today, django_assert_max_num_queries
):
    from chudong.orgs import services as org_services
    from chudong.orgs.models import UnitKind

    province = world.unit("TA")
    commune_kind = UnitKind.objects.get(code="commune")
    for index in range(6):
        org_services.unit_create(
            actor=world.central_admin, parent=province, kind=commune_kind,
            name=f"Đoàn xã Thử {index}", code=f"TA.X{index}", effective_on=dt.date(2020, 1, 1),
        )  # fmt: skip
    services.indicators_compute(units=list(selectors.grassroots_below(unit=province)), year=YEAR)
    client = login(world.staff_a)
    with django_assert_max_num_queries(30):
        page = client.get(f"/units/{province.pk}/recognition/follow/?year={YEAR}")
    assert page.content.decode().count("Đoàn xã Thử") == 6


def test_the_result_is_read_by_the_unit_rating_and_the_unit_page_figure(world, reviewed):
    commune = world.unit("TA.G1")
    assert selectors.recognition_result(unit=commune, year=YEAR) is False  # reviewed only
    assert selectors.recognition_result(unit=world.unit("TA.G2"), year=YEAR) is None
    services.decision_issue(actor=world.staff_a, issuer=world.unit("TA"), year=YEAR,
                            data=DECISION, cycles=[reviewed])  # fmt: skip
    assert selectors.recognition_result(unit=commune, year=YEAR) is True
    with time_machine.travel(dt.datetime(YEAR + 1, 2, 1, 9, 0), tick=False):
        figures = {f.key: f for f in registry.figures()}
        figure = figures["recognition_recognised_last_year"]
        assert figure.compute_many([world.unit("TA"), world.unit("TB")]) == {
            world.unit("TA").pk: 1, world.unit("TB").pk: 0,
        }  # fmt: skip
        # and the unit page's one unit at a time counts the same.
        assert [figure.compute(world.unit(code)) for code in ("TA", "TB", "TA.G1")] == [1, 0, 1]


def test_mid_year_warning_for_indicators_below_threshold(world, today):
    from chudong.advisory import services as advisory

    commune, province = world.unit("TA.G1"), world.unit("TA")
    cycle = register(world)
    services.indicators_compute(units=[commune], year=YEAR)
    cycle.refresh_from_db()
    # Counts with a threshold of one and nothing recorded: 1.4, 2.2 and 3.5 fall short;
    # shares with nothing to count (0/0) are not shortfalls.
    assert cycle.weak_criteria == 3
    warning = {w.key: w for w in registry.warnings()}["recognition_weak"].count_many
    assert warning([province], dt.date(YEAR, 11, 22)) == {province.pk: 1}
    assert warning([province], dt.date(YEAR, 3, 1)) == {province.pk: 0}

    advisory.resource_create(actor=world.secretary, unit=commune, data={
        "sponsor_name": "Quỹ khuyến học xã", "sponsor_kind": "organisation", "form": "cash",
        "value": 2_000_000, "received_on": dt.date(YEAR, 9, 1), "purpose": "Học bổng",
        "funded": "", "activity": None, "thanked_on": None, "thanked_by": "", "description": "",
    })  # fmt: skip
    services.indicators_compute(units=[commune], year=YEAR)
    cycle.refresh_from_db()
    assert cycle.weak_criteria == 2


def test_the_unions_rating_page_shows_its_3_chu_dong_result(world, login, reviewed):
    commune = world.unit("TA.G1")
    url = f"/units/{commune.pk}/ratings/?year={YEAR}"
    page = login(world.secretary).get(url).content.decode()
    assert "3 chủ động năm 2026" in page and "chờ quyết định" in page
    decision = services.decision_issue(
        actor=world.staff_a, issuer=world.unit("TA"), year=YEAR, data=DECISION, cycles=[reviewed]
    )
    page = login(world.secretary).get(url).content.decode()
    assert f"Được công nhận theo quyết định {decision.number}" in page
    assert f'href="/recognition/cycles/{reviewed.pk}/"' in page
    # Another year without a plan says so; a province's page shows no such ground.
    other = login(world.secretary).get(f"/units/{commune.pk}/ratings/?year={YEAR - 1}")
    assert "Chưa đăng ký kế hoạch" in other.content.decode()
    province = login(world.staff_a).get(f"/units/{world.unit('TA').pk}/ratings/?year={YEAR}")
    assert "3 chủ động năm 2026" not in province.content.decode()
