"""Every API operation, every persona, with a token: objects outside the persona's scope
are 404 for GET and POST alike and nothing changes; objects inside never are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from chudong.access import policy
from chudong.activities import services as activity_services
from chudong.activities.models import Activity
from chudong.api.urls import LOADERS, urlpatterns
from chudong.procedures.models import AdmissionCase
from chudong.procedures.services.admission import admission_nominate

from .conftest import make_member

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
TARGETS = ["TA.G1.B1", "TA.G2.B1", "TB.G1.B1"]
SCOPED = [p for p in urlpatterns if policy.access_kind(p.callback) == "scoped"]


def _covers(persona: str, target: str) -> bool:
    root = SCOPE[persona]
    return root is not None and (root == "ROOT" or target == root or target.startswith(root + "."))


def _samples(world, code: str) -> dict:
    unit = world.unit(code)
    member = make_member(world.central_admin, unit, f"Đoàn Viên Mẫu {code}")
    case = admission_nominate(
        actor=world.central_admin,
        unit=unit,
        full_name=f"Thanh Niên Mẫu {code}",
        sex="male",
        date_of_birth=dt.date(2008, 1, 2),
        nominated_on=dt.date(2026, 3, 1),
    )
    start = timezone.now().replace(microsecond=0)
    activity = activity_services.activity_create(
        actor=world.central_admin,
        unit=unit,
        kind="volunteer",
        title=f"Hoạt động {code}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    return {
        "unit_id": unit.pk,
        "member_id": member.pk,
        "admission_id": case.pk,
        "activity_id": activity.pk,
    }


def _url(pattern, samples: dict) -> str:
    route = pattern.pattern._route
    for name in pattern.pattern.converters:
        route = route.replace(f"<int:{name}>", str(samples[name]))
    return "/api/v1/" + route


def _fingerprint():
    return (
        tuple(AdmissionCase.objects.order_by("pk").values_list("state", "decision_number")),
        tuple(Activity.objects.order_by("pk").values_list("state", "participants_count")),
    )


def test_every_url_argument_has_an_access_helper():
    assert {n for p in SCOPED for n in p.pattern.converters} <= set(LOADERS)
    assert SCOPED


@pytest.mark.parametrize("persona", list(SCOPE))
def test_every_operation_respects_the_personas_scope(world, api, persona, settings):
    settings.CHUDONG_API_RATE = (10_000, 60)
    cache.clear()
    samples = {code: _samples(world, code) for code in TARGETS}
    client = api(getattr(world, persona))
    before = _fingerprint()
    for code in TARGETS:
        for pattern in SCOPED:
            url = _url(pattern, samples[code])
            got = client.get(url)
            posted = client.post(url, {"step": "confirm"})
            if _covers(persona, code):
                assert got.status_code in (200, 403, 405), (persona, url)
                assert posted.status_code in (403, 405, 422), (persona, url, "POST")
            else:
                assert got.status_code == 404, (persona, url)
                assert posted.status_code == 404, (persona, url, "POST")
                assert got.json()["code"] == "not_found"
    assert _fingerprint() == before
