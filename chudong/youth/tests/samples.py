"""URL arguments of the youth pages for the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def samples(world, unit, member) -> dict:
    from chudong.youth.models import Opinion, Survey, SurveyQuestion, SurveyResponse, Youth

    day = dt.date(2026, 3, 1)
    where = {"unit": unit, "unit_path": unit.path}
    youth = Youth.objects.filter(unit=unit).first() or Youth.objects.create(
        **where, full_name=f"Thanh Niên Mẫu {unit.code}", full_name_folded="thanh nien mau",
        sort_key="mau", sex="male", birth_year=2005,
    )  # fmt: skip
    opinion = Opinion.objects.filter(unit=unit).first() or Opinion.objects.create(
        **where, source="direct", topic="jobs", raised_by="member", member=member,
        raised_on=day, due_on=day + dt.timedelta(days=30), content="Ý kiến mẫu về việc làm",
    )  # fmt: skip
    survey = Survey.objects.filter(unit=unit).first()
    if survey is None:
        survey = Survey.objects.create(
            **where, title=f"Khảo sát mẫu {unit.code}", opens_on=day,
            closes_on=day + dt.timedelta(days=365), published_at=timezone.now(),
        )  # fmt: skip
        SurveyQuestion.objects.create(
            survey=survey, position=1, text="Bạn cần gì?", kind="text", required=True
        )
    response = SurveyResponse.objects.filter(survey=survey).first()
    if response is None:
        question = survey.questions.first()
        response = SurveyResponse.objects.create(
            survey=survey, member=member, unit_path=member.unit_path,
            answers={str(question.pk): "Cần việc làm"} if question else {},
        )  # fmt: skip
    return {
        "youth_id": youth.pk,
        "opinion_id": opinion.pk,
        "survey_id": survey.pk,
        "survey_response_id": response.pk,
    }


def fingerprint() -> tuple:
    from chudong.youth.models import Opinion, Survey, SurveyQuestion, SurveyResponse, Youth

    return (
        tuple(Youth.objects.order_by("pk").values_list("status", "full_name", "unit_id")),
        tuple(Opinion.objects.order_by("pk").values_list("status", "content", "handler_id")),
        tuple(Survey.objects.order_by("pk").values_list("published_at", "title")),
        SurveyQuestion.objects.count(),
        SurveyResponse.objects.count(),
    )
