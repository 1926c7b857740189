"""Reads of imports, already scoped: one access helper for the ImportJob aggregate, the
recent jobs of a unit, a job's problems."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.orgs.models import Unit, UnitStatus

from . import fields
from .models import ImportIssue, ImportJob

ISSUES_SHOWN = 300


def access_import_job(actor: Any, job_id: Any) -> ImportJob:
    """The job `job_id` with its unit, for someone who manages the unit's members.

    Http404 when it does not exist or its unit is outside every unit the actor sees;
    PermissionDenied when the actor sees the unit but may not manage its members (a
    job shows rows of the uploaded file, which are the register's business).
    """
    try:
        job = ImportJob.objects.select_related("unit__kind", "unit__parent", "created_by").get(
            pk=int(job_id)
        )
    except (ImportJob.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not policy.can(actor, Cap.UNITS_VIEW, job.unit):
        raise Http404
    if not policy.can(actor, Cap.MEMBERS_MANAGE, job.unit):
        raise PermissionDenied
    return job


def recent_jobs(*, actor: Any, unit: Unit, limit: int = 10) -> list[ImportJob]:
    """The unit's latest imports (index imports_job_unit_recent), if the actor manages it."""
    if not policy.can(actor, Cap.MEMBERS_MANAGE, unit):
        return []
    return list(
        ImportJob.objects.filter(unit=unit)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )


def child_units(*, actor: Any, unit: Unit) -> list[Unit]:
    """Active sub-units the actor sees, to walk down to a branch or grassroots union."""
    return list(
        Unit.objects.filter(parent=unit, status=UnitStatus.ACTIVE)
        .filter(policy.scope_q(actor, Cap.UNITS_VIEW))
        .select_related("kind")
        .order_by("kind__order", "sort_key")[:500]
    )


@dataclass
class JobReport:
    issues: list[ImportIssue]
    more: int
    by_kind: dict[str, int]


def job_report(*, job: ImportJob, limit: int = ISSUES_SHOWN) -> JobReport:
    """The first `limit` problems in row order, and how many of each kind (two queries)."""
    by_kind = dict(
        ImportIssue.objects.filter(job=job)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("kind", "n")
    )
    issues = list(ImportIssue.objects.filter(job=job).order_by("row", "id")[:limit])
    total = sum(by_kind.values())
    return JobReport(issues=issues, more=max(total - len(issues), 0), by_kind=by_kind)


def all_issues(*, job: ImportJob) -> QuerySet[ImportIssue]:
    return ImportIssue.objects.filter(job=job).order_by("row", "id")


@dataclass
class MappingRow:
    letter: str
    header: str
    samples: list[str]
    value: str
    field_name: str


def mapping_rows(job: ImportJob) -> list[MappingRow]:
    return [
        MappingRow(
            letter=column["letter"],
            header=column["header"],
            samples=column.get("samples", []),
            value=job.mapping.get(column["letter"], fields.IGNORE),
            field_name=f"col_{column['letter']}",
        )
        for column in job.layout.get("columns", [])
    ]
