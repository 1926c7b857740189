"""The demo records the paper consents its branches collected (chudong/demo/consents.py):
officers see the demo's members in difficulty and the members behind opinions and survey
answers, as a branch does once the consents are in, except two members who did not sign,
whose records show the "no consent" marker."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from chudong.accounts.models import User
from chudong.care.models import HardshipCase
from chudong.core.paths import subtree_q
from chudong.orgs.models import Unit
from chudong.privacy.models import Consent
from chudong.youth.models import Opinion, Survey
from tests.template_db import DEMO_DAY, demo, demo_load

MARKER = "Chưa có sự đồng ý: không hiển thị"


@pytest.fixture
def seeded(db):
    """The demo as seed_demo loaded it, on the day it was seeded (consents are judged on
    the day)."""
    demo_load(demo(connection.settings_dict))
    with time_machine.travel(DEMO_DAY + dt.timedelta(hours=1), tick=False):
        yield


def _page(username: str, url: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _named_cases(page: str) -> list[str]:
    return re.findall(r'/care/hardship/\d+/"><strong>([^<]+)</strong>', page)


def test_it_records_the_consents_of_the_members_concerned_but_two(seeded):
    open_consents = Consent.objects.filter(withdrawn_on__isnull=True)
    with_hardship = set(
        HardshipCase.objects.filter(member__isnull=False).values_list("member_id", flat=True)
    )
    consented = set(
        open_consents.filter(purpose__code="hardship").values_list("member_id", flat=True)
    )
    assert len(with_hardship - consented) == 1 and consented <= with_hardship
    (unsigned,) = HardshipCase.objects.filter(member_id__in=with_hardship - consented)
    assert unsigned.unit_path.startswith(Unit.objects.get(code="TN.XDT").path)
    raised = set(Opinion.objects.filter(member__isnull=False).values_list("member_id", flat=True))
    for_opinions = set(
        open_consents.filter(purpose__code="opinions").values_list("member_id", flat=True)
    )
    assert raised and raised <= for_opinions and len(for_opinions) > 20
    # Paper consents, recorded by the demo account of the member's union, with evidence.
    assert set(open_consents.values_list("channel", flat=True)) == {"paper"}
    assert not open_consents.filter(evidence="").exists()
    recorders = set(open_consents.values_list("recorded_by__username", flat=True))
    assert "bithu.phubinh" in recorders and "admin.tw" not in recorders


def test_the_registers_and_the_survey_show_people_and_one_marker_each(seeded):
    province, phu_binh = Unit.objects.get(code="TN"), Unit.objects.get(code="TN.XPB")
    member_case = HardshipCase.objects.select_related("member").get(
        subtree_q("unit_path", phu_binh.path), member__isnull=False, status="open"
    )
    page = _page("bithu.phubinh", f"/units/{phu_binh.pk}/care/hardship/")
    assert member_case.member.full_name in _named_cases(page)
    assert MARKER not in page and len(_named_cases(page)) >= 5

    page = _page("tn.bantochuc", f"/units/{province.pk}/care/hardship/")
    assert page.count(MARKER) == 1 and len(_named_cases(page)) >= 7

    survey = Survey.objects.get(unit=phu_binh)
    page = _page("bithu.phubinh", reverse("youth:survey", args=[survey.pk]))
    assert page.count(MARKER) == 1

    for opinion in Opinion.objects.filter(member__isnull=False).select_related("member"):
        page = _page("tn.bantochuc", reverse("youth:opinion", args=[opinion.pk]))
        assert opinion.member.full_name in page and MARKER not in page
