"""Criterion 2.5 in the recognition app's indicator registry: inspections carried out,
remedies done on time, exemplary models recorded, and replications of models. Each figure
is the length of its drill-down list (the same selector)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import selectors


def _drill(selector, *related):
    def drilldown(unit, year):
        return selector(unit=unit, year=year).select_related(*related).order_by("pk")

    return drilldown


def register() -> None:
    from chudong.access.capabilities import Cap
    from chudong.recognition.indicators import (
        Indicator,
        Row,
        count_for,
        ratio_for,
        register_indicator,
    )

    inspections = _drill(selectors.inspections_done, "unit", "subject")
    on_time = _drill(selectors.remedies_on_time, "inspection", "inspection__subject")
    models = _drill(selectors.models_recorded, "unit")
    replications = _drill(selectors.replications_made, "unit", "exemplary")

    register_indicator(
        Indicator(
            code="inspection.inspections_done", criterion="2.5", capability=Cap.WORK_VIEW,
            label=_("Inspections carried out this year"), ratio=False,
            compute=lambda units, year: count_for(units, lambda u: inspections(u, year)),
            drilldown=inspections,
            describe=lambda i: Row(f"{i.content} · {i.subject.name}", i.inspected_on, i.unit.name,
                                   reverse("inspection:inspection", args=[i.pk])),
        )
    )  # fmt: skip
    register_indicator(
        Indicator(
            code="inspection.remedies_on_time", criterion="2.5", capability=Cap.WORK_VIEW,
            label=_("Recommendations due this year remedied on time"),
            compute=lambda units, year: ratio_for(
                units, lambda u: on_time(u, year),
                lambda u: selectors.remedies_due(unit=u, year=year),
            ),
            drilldown=on_time,
            describe=lambda r: Row(r.text[:120], r.done_on, r.inspection.subject.name,
                                   reverse("inspection:remedy", args=[r.pk])),
        )
    )  # fmt: skip
    register_indicator(
        Indicator(
            code="inspection.models", criterion="2.5", capability=Cap.WORK_VIEW,
            label=_("Exemplary models and people found this year"), ratio=False,
            compute=lambda units, year: count_for(units, lambda u: models(u, year)),
            drilldown=models,
            describe=lambda e: Row(e.title, e.started_on, e.unit.name,
                                   reverse("inspection:exemplary", args=[e.pk])),
        )
    )  # fmt: skip
    register_indicator(
        Indicator(
            code="inspection.replications", criterion="2.5", capability=Cap.WORK_VIEW,
            label=_("Exemplary models replicated this year"), ratio=False,
            compute=lambda units, year: count_for(units, lambda u: replications(u, year)),
            drilldown=replications,
            describe=lambda r: Row(r.exemplary.title, r.started_on, r.unit.name,
                                   reverse("inspection:exemplary", args=[r.exemplary_id])),
        )
    )  # fmt: skip
