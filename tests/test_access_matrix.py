"""The access matrix: every URL of the project, every persona, in and out of scope.

Generated from the URL configuration, so a new view is covered without anyone adding it:
- every view must declare its access kind (public_view / user_view / scoped_view);
- every URL argument must have a sample here (a new kind of object must be added once);
- a scoped view must answer 404 (GET, htmx GET and POST alike) for an object outside the
  persona's scope, and change nothing in the database when it does (every persona GETs
  every route; each route's POST and htmx GET are dealt to a few personas in turn);
- no page a persona gets may name a unit outside their scope (other than their own
  ancestors, whose names are public).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from chudong.access import policy

# Persona → code of the unit at the top of their scope (None: sees no unit).
SCOPE = {
    "central_admin": "ROOT",
    "staff_a": "TA",
    "staff_b": "TB",
    "secretary": "TA.G1",
    "branch_secretary": "TA.G1.B1",
    "member": "TA.G1.B1",
    "dpo_a": "TA",
    "outsider": None,
}
TARGET_UNITS = ["TA", "TA.G1", "TA.G1.B1", "TA.G2", "TB.G1"]

# Extra query strings so that search fragments return something to check.
QUERIES = {"access:people": "q=th"}


@dataclass
class Route:
    name: str
    route: str
    callback: object
    params: list[str]


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield Route(
                name=f"{namespace}{entry.name}",
                route=prefix + str(entry.pattern),
                callback=entry.callback,
                params=list(entry.pattern.converters),
            )


ROUTES = [r for r in _walk(get_resolver().url_patterns) if not r.route.startswith("static")]


def _app_sample_modules():
    """Apps add their own URL arguments and database fingerprint in
    `chudong/<app>/tests/samples.py`: `samples(world, unit, member) -> dict` (objects
    under `unit`, created when missing) and optionally `fingerprint() -> tuple` (what a
    refused request must leave unchanged)."""
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "chudong"
    return [
        importlib.import_module(f"chudong.{path.parents[1].name}.tests.samples")
        for path in sorted(root.glob("*/tests/samples.py"))
    ]


APP_SAMPLES = _app_sample_modules()
_sample_cache: dict = {}


@pytest.fixture(autouse=True)
def _fresh_samples():
    """Samples are made once per test and target unit (they cost dozens of queries)."""
    _sample_cache.clear()
    yield
    _sample_cache.clear()


def _samples(world, target_code):
    """URL arguments for a route, pointing at objects under unit `target_code`."""
    if target_code not in _sample_cache:
        _sample_cache[target_code] = _make_samples(world, target_code)
    return _sample_cache[target_code]


def _make_samples(world, target_code):
    from chudong.access.models import RoleAssignment

    unit = world.unit(target_code)
    assignment = RoleAssignment.objects.filter(unit=unit).first()
    if assignment is None:
        assignment = RoleAssignment.objects.create(
            user=world.outsider, unit=unit, role_id=_member_role_id(), start_date=unit.valid_from,
            end_date=unit.valid_from,
        )  # fmt: skip
    member = _sample_member(unit)
    samples = {
        "unit_id": unit.pk,
        "assignment_id": assignment.pk,
        "member_id": member.pk,
        "year": dt.date.today().year - 1,
        "month": 6,
        **_procedure_samples(unit, member),
        "job_id": _sample_import_job(unit).pk,
        **_sample_charter_procedures(unit, member),
    }
    for module in APP_SAMPLES:
        samples.update(module.samples(world, unit, member))
    return samples


def _sample_charter_procedures(unit, member):
    """One record of each procedure under `unit` (and a document of the admission case)."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from chudong.procedures.models import (
        AdmissionCase,
        CardReissue,
        Commendation,
        DisciplineCase,
        DisciplineViolation,
        Document,
        HonoraryAdmission,
    )

    day = dt.date(2026, 3, 26)
    where = {"unit": unit, "unit_path": unit.path}
    case = AdmissionCase.objects.filter(unit=unit).first() or AdmissionCase.objects.create(
        **where, full_name=f"Thanh Niên Mẫu {unit.code}", sex="male",
        date_of_birth=dt.date(2008, 1, 2), nominated_on=day,
    )  # fmt: skip
    discipline = DisciplineCase.objects.filter(unit=unit).first()
    if discipline is None:
        discipline = DisciplineCase.objects.create(
            **where, member=member, form="reprimand", proposed_on=day
        )
        DisciplineViolation.objects.create(case=discipline, violation="Vi phạm mẫu")
    reissue = CardReissue.objects.filter(unit=unit).first() or CardReissue.objects.create(
        **where, member=member, reason="lost_card", applied_on=day
    )
    commendation = Commendation.objects.filter(unit=unit).first() or Commendation.objects.create(
        **where, member=member, form="certificate", title="Giấy khen mẫu", level="grassroots",
        issuer="Ban Thường vụ", decision_number="1-QĐ", decision_date=day,
    )  # fmt: skip
    honorary = HonoraryAdmission.objects.filter(unit=unit).first()
    if honorary is None:
        honorary = HonoraryAdmission.objects.create(
            **where, full_name=f"Danh Dự Mẫu {unit.code}", sex="male",
            date_of_birth=dt.date(1960, 1, 1), contribution="Mẫu", proposed_on=day,
        )  # fmt: skip
    owner_type = ContentType.objects.get_for_model(AdmissionCase)
    document = Document.objects.filter(owner_type=owner_type, owner_id=case.pk).first()
    if document is None:
        document = Document(
            owner_type=owner_type, owner_id=case.pk, kind="application",
            original_name="don.png", content_type="image/png", size=8,
        )  # fmt: skip
        document.file.save("mau.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
        document.save()
    return {
        "admission_id": case.pk,
        "discipline_id": discipline.pk,
        "reissue_id": reissue.pk,
        "commendation_id": commendation.pk,
        "honorary_id": honorary.pk,
        "document_id": document.pk,
    }


def _sample_member(unit):
    """A member registered directly in `unit` (any unit, for the matrix's sake)."""
    import datetime as dt

    from chudong.members.models import Member

    member = Member.objects.filter(unit=unit).first()
    if member is None:
        member = Member.objects.create(
            unit=unit, unit_path=unit.path, full_name=f"Đoàn Viên Mẫu {unit.code}",
            given_name="Mẫu", sex="female", date_of_birth=dt.date(2004, 5, 19),
            status_since=unit.valid_from,
        )  # fmt: skip
    return member


def _sample_import_job(unit):
    """A member import into `unit`, waiting for its column mapping (no file kept)."""
    from chudong.imports.models import ImportJob

    job = ImportJob.objects.filter(unit=unit).first()
    if job is None:
        job = ImportJob.objects.create(
            unit=unit, unit_path=unit.path, original_name=f"danh-sach-{unit.code}.xlsx",
            layout={"sheet": "DS", "sheets": ["DS"], "header_first": 0, "header_last": 0,
                    "data_first": 1, "total_rows": 0, "columns": [
                        {"index": 0, "letter": "A", "header": "Họ và tên", "samples": [],
                         "guess": "full_name"}]},
            mapping={"A": "full_name"},
        )  # fmt: skip
    return job


def _procedure_samples(unit, member):
    """A transfer, a maturation batch with one certificate, and a striking-off case, all
    kept within `unit` (a transfer seen from two units would be in two scopes)."""
    from chudong.transfers.models import (
        MaturationBatch,
        MaturationEntry,
        StrikeOffCase,
        Transfer,
    )

    day = unit.valid_from
    transfer = Transfer.objects.filter(member=member).first()
    if transfer is None:
        transfer = Transfer.objects.create(
            member=member, kind="official", scope="within", status="in_transit",
            from_unit=unit, from_path=unit.path, from_grassroots=unit, to_unit=unit,
            to_path=unit.path, to_grassroots=unit, requested_on=day, introduced_on=day,
            deadline_on=day, reason="Mẫu",
        )  # fmt: skip
    batch = MaturationBatch.objects.filter(unit=unit).first()
    if batch is None:
        batch = MaturationBatch.objects.create(
            unit=unit, unit_path=unit.path, year=day.year, ceremony_on=day
        )
    entry = MaturationEntry.objects.filter(batch=batch).first()
    if entry is None:
        entry = MaturationEntry.objects.create(
            batch=batch, member=member, outcome="matured", certificate_number="01/MẪU"
        )
    case = StrikeOffCase.objects.filter(member=member).first()
    if case is None:
        case = StrikeOffCase.objects.create(
            member=member, unit=unit, unit_path=unit.path, status="proposed", grounds="Mẫu",
            months=["2015-01", "2015-02", "2015-03"], proposed_on=day,
        )  # fmt: skip
    return {
        "transfer_id": transfer.pk,
        "maturation_batch_id": batch.pk,
        "maturation_entry_id": entry.pk,
        "strike_off_id": case.pk,
    }


def _member_role_id():
    from chudong.access.models import Role

    return Role.objects.get(code="member").pk


def _url(route: Route, kwargs: dict) -> str:
    path = route.route
    for name in route.params:
        path = path.replace(f"<int:{name}>", str(kwargs[name])).replace(
            f"<{name}>", str(kwargs[name])
        )
    query = QUERIES.get(route.name)
    return "/" + path + (f"?{query}" if query else "")


def _in_scope(world, persona: str, target_code: str) -> bool:
    root = SCOPE[persona]
    return root is not None and world.unit(target_code).path.startswith(world.unit(root).path)


def _forbidden_names(world, persona: str) -> list[str]:
    """Names of units the persona must never see on any page."""
    root = SCOPE[persona]
    root_path = world.unit(root).path if root else None
    names = []
    for unit in world.units.values():
        if root_path and (unit.path.startswith(root_path) or root_path.startswith(unit.path)):
            continue
        names.append(unit.name)
    return names


def _text_of(response) -> str:
    """What a person would read in the response: the page, or every cell of an export."""
    if not getattr(response, "streaming", False):
        return response.content.decode()
    data = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(data), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if response["Content-Type"] == "application/pdf" and shutil.which("pdftotext"):
        # Typst compresses its text: read it back as a person would (poppler-utils).
        return subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
    return data.decode(errors="replace")


def _database_fingerprint():
    from chudong.access.models import RoleAssignment
    from chudong.accounts.models import User
    from chudong.dues.models import DuesExemption, DuesPayment, DuesProfile, Remittance
    from chudong.imports.models import ImportIssue, ImportJob
    from chudong.members.models import (
        FamilyRelation,
        Member,
        MemberEvent,
        MemberSensitive,
        MemberStatusPeriod,
        MemberUnitPeriod,
    )
    from chudong.orgs.models import Restructuring, Unit
    from chudong.procedures import models as procedures
    from chudong.ratings.models import MemberRating, RatingSheet, TrainingRegistration
    from chudong.transfers.models import (
        MaturationBatch,
        MaturationEntry,
        MaturationKeep,
        StrikeOffCase,
        Transfer,
    )

    return (
        tuple(RatingSheet.objects.order_by("pk").values_list("state", "version")),
        tuple(MemberRating.objects.order_by("pk").values_list("level", "comment", "approved")),
        tuple(TrainingRegistration.objects.order_by("pk").values_list("result", "areas")),
        tuple(DuesProfile.objects.order_by("pk").values_list("category", "months_per_payment")),
        tuple(DuesPayment.objects.order_by("pk").values_list("month", "amount", "remittance")),
        DuesExemption.objects.count(),
        tuple(Remittance.objects.order_by("pk").values_list("gross", "confirmed_on")),
        Unit.objects.count(),
        tuple(Unit.objects.order_by("pk").values_list("name", "path", "status")),
        RoleAssignment.objects.count(),
        tuple(RoleAssignment.objects.order_by("pk").values_list("end_date", flat=True)),
        Restructuring.objects.count(),
        User.objects.count(),
        tuple(Member.objects.order_by("pk").values_list("unit_id", "status", "version", "photo")),
        MemberSensitive.objects.count(),
        FamilyRelation.objects.count(),
        MemberUnitPeriod.objects.count(),
        MemberStatusPeriod.objects.count(),
        MemberEvent.objects.count(),
        tuple(ImportJob.objects.order_by("pk").values_list("status", "mapping")),
        ImportIssue.objects.count(),
        *(
            tuple(model.objects.order_by("pk").values_list("state", flat=True))
            for model in (
                procedures.AdmissionCase,
                procedures.DisciplineCase,
                procedures.CardReissue,
                procedures.Commendation,
                procedures.HonoraryAdmission,
            )
        ),
        procedures.MembershipCard.objects.count(),
        procedures.Document.objects.count(),
        tuple(Transfer.objects.order_by("pk").values_list("status", "version")),
        MaturationBatch.objects.count(),
        MaturationEntry.objects.count(),
        MaturationKeep.objects.count(),
        tuple(StrikeOffCase.objects.order_by("pk").values_list("status", "version")),
        *(module.fingerprint() for module in APP_SAMPLES if hasattr(module, "fingerprint")),
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Sample documents are real files: keep them out of var/media."""
    settings.MEDIA_ROOT = tmp_path


def test_every_view_declares_its_access_kind():
    undeclared = [r.name for r in ROUTES if policy.access_kind(r.callback) not in policy.VIEW_KINDS]
    assert not undeclared, f"views without an access declaration: {undeclared}"


def test_every_url_argument_has_a_sample(world):
    known = set(_samples(world, "TA.G1"))
    missing = {(r.name, p) for r in ROUTES for p in r.params if p not in known}
    assert not missing, f"add samples for these URL arguments: {missing}"


def test_anonymous_is_sent_to_login_everywhere_but_public_views(world, client):
    for route in ROUTES:
        kind = policy.access_kind(route.callback)
        response = client.get(_url(route, _samples(world, "TA.G1")))
        if kind == "public":
            assert response.status_code < 400 or response.status_code == 405, route.name
        else:
            assert response.status_code == 302, route.name
            assert response["Location"].startswith("/accounts/login/"), route.name


def _covers(persona: str, target: str) -> bool:
    """Whether the persona's scope holds the target, from the codes alone (a child's code
    extends its parent's), so that the tests can be split by target at collection."""
    root = SCOPE[persona]
    return root is not None and (root == "ROOT" or target == root or target.startswith(root + "."))


OUT_OF_SCOPE = [(p, t) for p in SCOPE for t in TARGET_UNITS if not _covers(p, t)]
IN_SCOPE = [(p, t) for p in SCOPE for t in TARGET_UNITS if _covers(p, t)] + [
    (p, None) for p in SCOPE if not any(_covers(p, t) for t in TARGET_UNITS)
]


def _targets_of(persona: str, pairs) -> list:
    return [t for p, t in pairs if p == persona]


def _share(persona: str, index: int, targets: list) -> object:
    """The target a persona checks route number `index` against. Routes are dealt over
    the persona's targets (each route once per persona, each target a share of routes),
    starting at a different target for each persona, so that across personas every route
    meets every kind of unit (province, grassroots, branch; ancestor, sibling, elsewhere)."""
    offset = list(SCOPE).index(persona)
    return targets[(index + offset) % len(targets)]


SCOPED = [r for r in ROUTES if policy.access_kind(r.callback) == "scoped"]


@pytest.mark.parametrize(("persona", "target"), OUT_OF_SCOPE)
def test_scoped_views_answer_404_outside_scope_and_change_nothing(world, login, persona, target):
    client = login(getattr(world, persona))
    targets = _targets_of(persona, OUT_OF_SCOPE)
    routes = [r for i, r in enumerate(SCOPED) if _share(persona, i, targets) == target]
    assert routes
    assert not _in_scope(world, persona, target)
    url_kwargs = _samples(world, target)
    before = _database_fingerprint()
    for route in routes:
        # A GET, and a POST that would confirm an action; htmx requests reach the
        # same view through the same check (the in-scope test opens them all).
        url = _url(route, url_kwargs)
        assert client.get(url).status_code == 404, (persona, route.name, target)
        if _posts(persona, route):
            response = client.post(url, {"step": "confirm", "name": "X", "role": "1"})
            assert response.status_code == 404, (persona, route.name, target, "POST")
    assert _database_fingerprint() == before, (persona, target)


def _dealt(persona: str, personas: list[str], index: int, count: int) -> bool:
    """Whether route number `index` falls to `persona`: each route goes to `count` of
    `personas` in turn, starting one further along for each route, so that across the
    routes every persona gets its share."""
    chosen = {(index + k) % len(personas) for k in range(count)}
    return personas.index(persona) in chosen


# Some requests repeat a check that does not depend on the persona, so each route gets
# them from a few personas in turn rather than from all: the out-of-scope POST (the view
# refuses it by the same check as the GET, which every persona makes) and the htmx GET
# (a partial renders a part of the page every persona opens in full; the central
# administrator, who may open nearly every page, always opens the partials too).
POST_PERSONAS = 3
HTMX_PERSONAS = 2


def _htmx(persona: str, index: int) -> bool:
    others = [p for p in SCOPE if p != EVERY_TARGET]
    return persona == EVERY_TARGET or _dealt(persona, others, index, HTMX_PERSONAS)


def _posts(persona: str, route: Route) -> bool:
    outside = [p for p in SCOPE if _targets_of(p, OUT_OF_SCOPE)]
    return _dealt(persona, outside, SCOPED.index(route), POST_PERSONAS)


# The central administrator opens every unit-scoped page at every target unit (no page
# may fail on any kind of unit); the other personas open each page once, at one of their
# targets in turn (what they must not see is the same at every level of their scope).
EVERY_TARGET = "central_admin"


@pytest.mark.parametrize(("persona", "target"), IN_SCOPE)
def test_pages_in_scope_open_and_never_name_units_outside_scope(world, login, persona, target):
    """Each in-scope target unit is its own test (they spread over the workers); pages
    without a unit argument are opened once per persona, with its first target. Each
    page is opened as htmx too (partials are separate templates) by the central
    administrator and by HTMX_PERSONAS of the other personas in turn."""
    client = login(getattr(world, persona))
    forbidden = _forbidden_names(world, persona)
    targets = _targets_of(persona, IN_SCOPE)
    first = targets[0]
    assert target is None or _in_scope(world, persona, target)
    for index, route in enumerate(ROUTES):
        kind = policy.access_kind(route.callback)
        if kind == "public" or route.name == "accounts:logout":
            continue
        if kind == "user" or not route.params:
            if target != first:
                continue
            where, htmx = target or "TA.G1", _htmx(persona, index)
        elif target is None:
            continue
        else:
            home = _share(persona, index, targets)
            if target != home and persona != EVERY_TARGET:
                continue
            htmx = target == home and _htmx(persona, index)
            where = target
        url = _url(route, _samples(world, where))
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}) if htmx else ({},):
            response = client.get(url, **headers)
            assert response.status_code in (200, 302, 403, 404, 405), (
                persona,
                route.name,
                where,
            )
            if kind == "scoped" and route.params:
                # Visible objects are never "not found"; at most "not allowed" (403),
                # or "use POST" (405) for actions.
                assert response.status_code in (200, 403, 405), (persona, route.name, where)
            if response.status_code == 200:
                body = _text_of(response)
                leaked = [name for name in forbidden if name in body]
                assert not leaked, (persona, route.name, where, leaked)


def test_routes_are_dealt_over_every_target():
    """The sharing above loses nothing: every scoped route is checked out of scope by
    every persona that has an out-of-scope target, every target unit gets routes, and
    each route's POST and htmx GET go to the stated number of personas, every persona
    taking its share."""
    for persona in SCOPE:
        for pairs in (OUT_OF_SCOPE, IN_SCOPE):
            targets = [t for t in _targets_of(persona, pairs) if t is not None]
            if not targets:
                continue
            dealt = [_share(persona, i, targets) for i in range(len(SCOPED))]
            assert set(dealt) == set(targets), (persona, targets)
    outside = [p for p in SCOPE if _targets_of(p, OUT_OF_SCOPE)]
    for route in SCOPED:
        assert sum(_posts(p, route) for p in outside) == POST_PERSONAS, route.name
    for persona in outside:
        assert sum(_posts(persona, r) for r in SCOPED) > len(SCOPED) // len(outside)
    for index in range(len(ROUTES)):
        assert sum(_htmx(p, index) for p in SCOPE) == HTMX_PERSONAS + 1
    for persona in SCOPE:
        assert sum(_htmx(persona, i) for i in range(len(ROUTES))) >= len(ROUTES) // 4
